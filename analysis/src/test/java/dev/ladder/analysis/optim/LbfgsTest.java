package dev.ladder.analysis.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** L-BFGS reaches the minimum of classic hard functions to tight tolerance. */
class LbfgsTest {

    /** Rosenbrock's banana: minimum 0 at (1, 1), a curved valley that punishes a poor line search. */
    private static double rosenbrock(double[] x, double[] g) {
        double a = 1 - x[0];
        double b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    }

    @Test
    void findsTheRosenbrockMinimumToTightTolerance() {
        Lbfgs.Result r = new Lbfgs(Lbfgs.Settings.tight()).minimize(LbfgsTest::rosenbrock, new double[] {-1.2, 1});
        assertThat(r.point()[0]).isCloseTo(1, within(1e-9));
        assertThat(r.point()[1]).isCloseTo(1, within(1e-9));
        assertThat(r.value()).isLessThan(1e-18);
        assertThat(r.iterations()).isLessThan(100);
    }

    @Test
    void minimisesAnIllConditionedQuadraticInFewIterations() {
        double[] scales = {1, 10, 100, 1000, 1e4};
        DifferentiableFunction quadratic = (x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                g[i] = scales[i] * (x[i] - i);
                f += 0.5 * scales[i] * (x[i] - i) * (x[i] - i);
            }
            return f;
        };
        Lbfgs.Result r = new Lbfgs(Lbfgs.Settings.tight()).minimize(quadratic, new double[5]);
        for (int i = 0; i < 5; i++) assertThat(r.point()[i]).isCloseTo(i, within(1e-8));
        assertThat(r.iterations()).isLessThan(60);
    }

    @Test
    void stopsAtTheGradientToleranceWhenAsked() {
        Lbfgs loose = new Lbfgs(new Lbfgs.Settings(5, 1e-2, 0, 1000));
        Lbfgs.Result r = loose.minimize(LbfgsTest::rosenbrock, new double[] {-1.2, 1});
        assertThat(r.stop()).isEqualTo(Lbfgs.Stop.GRADIENT);
        assertThat(r.gradientMax()).isLessThanOrEqualTo(1e-2);
    }
}
