package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A law's misfit by size and token count: zero on its own data, a trend along D where B depends on N. */
class SizeMisfitTest {

    private static final double E = 0.56;
    private static final double A = 40;
    private static final double ALPHA = 0.6;
    private static final double B = 300;
    private static final double BETA = 0.5;
    private static final double[] SIZES = {6e3, 2e4, 6e4};
    private static final double[] TOKENS = {1e6, 2e6, 4e6, 8e6};

    private static double additive(double n, double d) {
        return E + A / Math.pow(n, ALPHA) + B / Math.pow(d, BETA);
    }

    /** The additive law's B times (N / 2e4)^-gamma: smaller models have more to learn per token. */
    private static double interacting(double n, double d, double gamma) {
        return E + A / Math.pow(n, ALPHA) + B * Math.pow(n / 2e4, -gamma) / Math.pow(d, BETA);
    }

    private static List<Observation> grid(double gamma, long seed, double noise) {
        List<Observation> runs = new ArrayList<>();
        for (double n : SIZES) {
            for (double d : TOKENS) {
                double loss = interacting(n, d, gamma) * (1 + noise);
                runs.add(new Observation("n" + n + "-d" + d + "-s" + seed, n, d, 6 * n * d, loss, Double.NaN,
                        Double.NaN, seed));
            }
        }
        return runs;
    }

    @Test
    void theLawsOwnDataHasNoMisfitAnywhere() {
        SizeMisfit m = SizeMisfit.of(grid(0, 1, 0), (n, d, c) -> additive(n, d));

        assertThat(m.tokens()).containsExactly(1e6, 2e6, 4e6, 8e6);
        assertThat(m.sizes()).extracting(SizeMisfit.Size::params).containsExactly(6e3, 2e4, 6e4);
        assertThat(m.meanAbs()).isLessThan(1e-12);
        for (SizeMisfit.Size size : m.sizes()) assertThat(size.trend()).isCloseTo(0, within(1e-12));
    }

    @Test
    void aBThatFallsWithNShowsAsOppositeTrendsAlongD() {
        SizeMisfit m = SizeMisfit.of(grid(0.3, 1, 0), (n, d, c) -> additive(n, d));

        SizeMisfit.Size small = m.sizes().get(0);
        SizeMisfit.Size middle = m.sizes().get(1);
        SizeMisfit.Size large = m.sizes().get(2);
        // the smallest size sits above the law most at few tokens, the largest below it: opposite trends
        assertThat(small.misfit()[0]).isPositive();
        assertThat(small.trend()).isNegative();
        assertThat(large.misfit()[0]).isNegative();
        assertThat(large.trend()).isPositive();
        assertThat(middle.trend()).isCloseTo(0, within(1e-12));     // (N / 2e4)^-gamma = 1: the law itself
        double expected = interacting(6e3, 1e6, 0.3) / additive(6e3, 1e6) - 1;
        assertThat(small.misfit()[0]).isCloseTo(expected, within(1e-12));
        assertThat(m.worst()).isCloseTo(expected, within(1e-12));
        assertThat(m.worstRunId()).isEqualTo("n6000.0-d1000000.0-s1");
    }

    @Test
    void seedsAreAveragedAndABudgetsPartialBatchIsTheSameBudget() {
        List<Observation> runs = new ArrayList<>(grid(0, 1, 0.01));
        for (Observation o : grid(0, 2, -0.01)) {
            // seed 2 ran 64 tokens short of the budget, as a budget's last partial batch leaves it
            runs.add(new Observation(o.runId(), o.params(), o.tokens() - 64, o.flops(), o.loss(), Double.NaN,
                    Double.NaN, o.seed()));
        }
        SizeMisfit m = SizeMisfit.of(runs, (n, d, c) -> additive(n, d));

        assertThat(m.tokens()).hasSize(4);
        for (SizeMisfit.Size size : m.sizes()) {
            for (double cell : size.misfit()) assertThat(cell).isCloseTo(0, within(1e-4));
        }
        assertThat(m.meanAbs()).isCloseTo(0.01, within(1e-4));
    }

    @Test
    void aSizeWithoutARunAtABudgetHasNoMisfitThere() {
        List<Observation> runs = new ArrayList<>(grid(0.3, 1, 0));
        runs.removeIf(o -> o.params() == 6e4 && o.tokens() == 8e6);
        SizeMisfit m = SizeMisfit.of(runs, (n, d, c) -> additive(n, d));

        assertThat(m.sizes().get(2).misfit()[3]).isNaN();
        assertThat(m.sizes().get(2).trend()).isPositive();           // from 1M to 4M, the runs it has
    }
}
