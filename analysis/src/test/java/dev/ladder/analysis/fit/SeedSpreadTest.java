package dev.ladder.analysis.fit;

import static dev.ladder.analysis.fit.ResidualBootstrapTest.TRUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Where the seeds disagree: on a grid whose second size carries nearly all the seed noise, that size has the largest
 * seed offsets, and taking its luck out shrinks the seeds' spread of alpha far more than taking out any other's.
 */
class SeedSpreadTest {

    /** Each size's seed offsets (log), one per seed; size 1 ten times the others. */
    private static final double[][] OFFSETS = {
        {0.002, -0.001, 0.000, -0.001},
        {0.020, -0.015, -0.020, 0.015},
        {-0.001, 0.002, -0.002, 0.001},
        {0.001, 0.000, -0.002, 0.001},
    };

    private static FitData grid() {
        Random rng = new Random(11);
        List<Observation> finals = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            double n = 1e4 * Math.pow(10, i / 3.0);
            for (int s = 0; s < 4; s++) {
                for (int j = 0; j < 6; j++) {
                    double d = 1e6 * Math.pow(10, j / 5.0);
                    double loss = TRUTH.loss(n, d) * Math.exp(OFFSETS[i][s] + 0.0005 * rng.nextGaussian());
                    finals.add(new Observation("n" + i + "-d" + j + "-s" + (s + 1), n, d, 6 * n * d, loss,
                            Double.NaN, 6 * n * d, s + 1));
                }
            }
        }
        return new FitData(finals, List.of(), List.of(), 6, List.of("grid"));
    }

    @Test
    void theSizeThatCarriesTheSeedNoiseIsTheOneWhoseLuckMovesAlpha() {
        SeedSpread spread = SeedSpread.of(grid(), ResidualBootstrapTest.law()::fit, List.of("alpha", "beta", "E"))
                .orElseThrow();
        assertThat(spread.fits()).extracting(SeedSpread.SeedFit::seed).containsExactly(1L, 2L, 3L, 4L);
        assertThat(spread.fits()).allSatisfy(fit -> {
            assertThat(fit.runs()).isEqualTo(24);
            assertThat(fit.refusal()).isNull();
        });
        assertThat(spread.refused()).isEmpty();
        assertThat(spread.sizes()).hasSize(4).allSatisfy(size -> assertThat(size.seeds()).isEqualTo(4));

        // the offsets come back: a size's four seeds' mean log deviation from its budgets' means
        double[] noisy = OFFSETS[1];
        assertThat(spread.sizes().get(1).offsetSd()).isCloseTo(SeedSpread.sd(noisy), within(0.002));
        for (int i : new int[] {0, 2, 3}) {
            assertThat(spread.sizes().get(i).offsetSd()).isLessThan(0.004);
        }

        double alpha = spread.asTrained()[0];
        double withoutNoisy = spread.sizes().get(1).withoutItsLuck()[0];
        assertThat(alpha).isGreaterThan(0.02);
        assertThat(withoutNoisy).isLessThan(alpha / 3);
        for (int i : new int[] {0, 2, 3}) {
            assertThat(spread.sizes().get(i).withoutItsLuck()[0]).isGreaterThan(2 * withoutNoisy);
        }
    }

    @Test
    void oneSeedOrUnknownSeedsGiveNothing() {
        FitData data = grid();
        FitData oneSeed = data.with(data.finals().stream().filter(o -> o.seed() == 1).toList(), List.of());
        assertThat(SeedSpread.of(oneSeed, ResidualBootstrapTest.law()::fit, List.of("alpha"))).isEmpty();
        FitData unknown = data.with(data.finals().stream()
                .map(o -> new Observation(o.runId(), o.params(), o.tokens(), o.flops(), o.loss())).toList(), List.of());
        assertThat(SeedSpread.of(unknown, ResidualBootstrapTest.law()::fit, List.of("alpha"))).isEmpty();
    }
}
