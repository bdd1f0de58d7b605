package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Eq. 1.5 of Kaplan et al. 2020 with an irreducible loss: its Jacobian, its recovery of known constants, and the
 * N-D interaction it expresses where E + A/N^alpha + B/D^beta cannot.
 */
class KaplanJointFloorLawTest {

    /** Near this law's fit to the classroom ladder's sizes at their best learning rates (README, the demo). */
    private static final double E = 0.574;
    private static final double NC = 1040;
    private static final double DC = 1.58e5;
    private static final double ALPHA_N = 1.15;
    private static final double ALPHA_D = 1.84;

    private static double law(double n, double d) {
        return E + Math.pow(Math.pow(NC / n, ALPHA_N / ALPHA_D) + DC / d, ALPHA_D);
    }

    /** 5 sizes x 6 budgets shaped like the classroom ladder's, from the law times (1 + noise_i). */
    private static FitData grid(double[] noise) {
        double[] sizes = {8e3, 17e3, 29e3, 62e3, 107e3};
        double[] tokens = {1e6, 1.41e6, 2e6, 2.83e6, 4e6, 5.66e6};
        List<Observation> finals = new ArrayList<>();
        int i = 0;
        for (double n : sizes) {
            for (double d : tokens) {
                double loss = law(n, d) * (1 + noise[i++ % noise.length]);
                finals.add(new Observation("n" + n + "-d" + d, n, d, 6 * n * d, loss));
            }
        }
        return new FitData(finals, List.of(), List.of(), 6, List.of());
    }

    @Test
    void itsJacobianMatchesCentralDifferences() {
        double[] x1 = {Math.log(8e3), Math.log(3e4), Math.log(1e5), Math.log(1e5)};
        double[] x2 = {Math.log(1e6), Math.log(3e6), Math.log(1e6), Math.log(6e6)};
        double[] theta = {Math.log(NC), Math.log(DC), ALPHA_N, ALPHA_D, Math.log(E)};
        FormCheck.jacobian(new KaplanJointFloorForm(), theta, x1, x2);
        FormCheck.jacobian(new KaplanJointFloorForm(), new double[] {7.1, 12.3, 0.4, 0.7, -0.2}, x1, x2);
    }

    @Test
    void recoversKnownConstantsFromTheLawsOwnLosses() {
        Estimate e = new KaplanJointLaw(true).fit(grid(new double[] {0}));

        assertThat(e.value("E")).isCloseTo(E, within(1e-3));
        assertThat(e.value("alpha_N")).isCloseTo(ALPHA_N, within(0.02));
        assertThat(e.value("alpha_D")).isCloseTo(ALPHA_D, within(0.02));
        assertThat(e.predictor().orElseThrow().loss(5e5, 2e7, 0)).as("an extrapolation")
                .isCloseTo(law(5e5, 2e7), within(1e-4));
    }

    @Test
    void itFollowsAnNDInteractionThatTheAdditiveLawMisfits() {
        FitData data = grid(new double[] {0.002, -0.001, 0.0005, -0.002, 0.001});
        Estimate joint = new KaplanJointLaw(true).fit(data);
        Estimate additive = new ChinchillaLaw(Budgets.beyond(data)).fit(data);

        SizeMisfit jointMisfit = SizeMisfit.of(data.finals(), joint.predictor().orElseThrow());
        SizeMisfit additiveMisfit = SizeMisfit.of(data.finals(), additive.predictor().orElseThrow());
        assertThat(jointMisfit.meanAbs()).as("the noise alone is 0.13% on average").isLessThan(0.002);
        assertThat(additiveMisfit.meanAbs()).as("E + A/N^alpha + B/D^beta has one B for every size")
                .isGreaterThan(3 * jointMisfit.meanAbs());
        assertThat(additiveMisfit.sizes().get(0).trend()).isNegative();
        assertThat(additiveMisfit.sizes().get(4).trend()).isPositive();
    }
}
