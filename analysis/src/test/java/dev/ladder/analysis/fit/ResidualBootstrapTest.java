package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap over residuals, for a fixed design: it keeps every run's (N, D), covers the truth on a 4x4 grid,
 * gives E a narrower interval there than the bootstrap over runs, and falls back to runs where a fit does not allow it.
 */
class ResidualBootstrapTest {

    /** Truth whose N and D terms are comparable on the grid below (A/N^α 0.10..0.013, B/D^β 0.32..0.05). */
    static final SyntheticLadder TRUTH = new SyntheticLadder(0.55, 400, 2e4, 0.9, 0.8);
    private static final Budgets BUDGETS = new Budgets(List.of(1e13));

    /** A small start grid around plausible values keeps the full fits fast; the refits add their own grid. */
    static ChinchillaLaw law() {
        List<double[]> starts = MultiStartFit.grid(new double[] {5, 8}, new double[] {8, 11}, new double[] {-1, 0},
                new double[] {0.5, 1}, new double[] {0.5, 1});
        return new ChinchillaLaw("chinchilla", BUDGETS, starts, MultiStartFit.Screen.exhaustive());
    }

    /** A planned 4x4 grid, N 1e4..1e5 by D 1e6..1e7 (log-spaced), losses with iid log-normal noise. */
    private static FitData grid(double noise, long seed) {
        Random rng = new Random(seed);
        List<Observation> finals = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double n = 1e4 * Math.pow(10, i / 3.0);
                double d = 1e6 * Math.pow(10, j / 3.0);
                double loss = TRUTH.loss(n, d) * Math.exp(noise * rng.nextGaussian());
                finals.add(new Observation("n" + i + "-d" + j, n, d, 6 * n * d, loss, Double.NaN, 6 * n * d));
            }
        }
        return new FitData(finals, List.of(), List.of(), 6, List.of("grid"));
    }

    @Test
    void everyResampleKeepsTheDesignAndDrawsItsLogResidualsFromTheFit() {
        FitData data = grid(0.005, 1);
        Estimate full = law().fit(data);
        double[] fitted = law().fittedLosses(data, full).orElseThrow();
        double[] residuals = Bootstrap.residuals(data, fitted, full.parameters().size());

        double[] raw = new double[fitted.length];
        for (int i = 0; i < raw.length; i++) raw[i] = Math.log(data.finals().get(i).loss() / fitted[i]);
        double rawMean = Arrays.stream(raw).average().orElseThrow();
        assertThat(Arrays.stream(residuals).average().orElseThrow()).isCloseTo(0, offset(1e-15));
        assertThat(residuals[3]).isCloseTo((raw[3] - rawMean) * Math.sqrt(16.0 / 11), offset(1e-15));

        SplittableRandom rng = new SplittableRandom(5);
        boolean anyLossChanged = false;
        for (int b = 0; b < 50; b++) {
            FitData resample = Bootstrap.residualResample(data, fitted, residuals, rng);
            assertThat(resample.finals()).hasSameSizeAs(data.finals());
            for (int i = 0; i < fitted.length; i++) {
                Observation original = data.finals().get(i);
                Observation drawn = resample.finals().get(i);
                assertThat(drawn.withLoss(original.loss())).isEqualTo(original);
                double logResidual = Math.log(drawn.loss() / fitted[i]);
                assertThat(Arrays.stream(residuals).anyMatch(r -> Math.abs(r - logResidual) < 1e-12)).isTrue();
                anyLossChanged |= drawn.loss() != original.loss();
            }
        }
        assertThat(anyLossChanged).isTrue();
    }

    /**
     * 10 grids drawn with 0.5 % noise, 200 resamples each (20 grids gave 16 of 20 covered and 19 of 20 narrower).
     * The truth of E, α and β lies inside all three 95 % intervals in at least 75 % of the trials,
     * and E's interval is narrower than the bootstrap over runs gives in most: case resamples that lose the largest
     * N or D leave E less well identified; residual resamples keep the design.
     */
    @Test
    void onAFixedGridResidualIntervalsCoverTheTruthAndNarrowE() {
        int trials = 10;
        int covered = 0;
        int narrower = 0;
        for (int trial = 0; trial < trials; trial++) {
            FitData data = grid(0.005, 1000 + trial);
            ChinchillaLaw law = law();
            Estimate full = law.fit(data);
            Bootstrap.Outcome residual = Bootstrap.run(law, data, full, Bootstrap.Method.residuals, 200, trial, 0.95);
            Bootstrap.Outcome runs = Bootstrap.run(law, data, full, Bootstrap.Method.runs, 200, trial, 0.95);
            assertThat(residual.method()).isEqualTo(Bootstrap.Method.residuals);
            assertThat(runs.method()).isEqualTo(Bootstrap.Method.runs);
            Map<String, double[]> iv = residual.intervals();
            if (inside(iv.get("E"), TRUTH.e()) && inside(iv.get("alpha"), TRUTH.alpha())
                    && inside(iv.get("beta"), TRUTH.beta())) {
                covered++;
            }
            if (width(iv.get("E")) < width(runs.intervals().get("E"))) narrower++;
        }
        assertThat(covered).isGreaterThanOrEqualTo(8);
        assertThat(narrower).isGreaterThan(trials / 2);
    }

    @Test
    void aLawWithoutAPredictorOrFittedToCurvesFallsBackToRuns() {
        FitData isoFlop = SyntheticLadder.CHINCHILLA.isoFlop(3, 5, 0.01, 2);
        IsoFlopLaw noPredictor = new IsoFlopLaw(new Budgets(List.of(1e21)));
        Estimate isoFlopFit = noPredictor.fit(isoFlop);
        assertThat(isoFlopFit.predictor()).isEmpty();
        assertThat(Bootstrap.run(noPredictor, isoFlop, isoFlopFit, Bootstrap.Method.residuals, 10, 1, 0.95).method())
                .isEqualTo(Bootstrap.Method.runs);

        FitData curves = SyntheticLadder.CHINCHILLA.curves(3, 4);
        KaplanLaw onCurves = new KaplanLaw(LawInput.COMPUTE);
        Estimate curveFit = onCurves.fit(curves);
        assertThat(curveFit.predictor()).isPresent();
        assertThat(Bootstrap.run(onCurves, curves, curveFit, Bootstrap.Method.residuals, 10, 1, 0.95).method())
                .isEqualTo(Bootstrap.Method.runs);
    }

    @Test
    void residualsNeedMoreFinalLossesThanParameters() {
        FitData data = grid(0.005, 3);
        ChinchillaLaw law = law();
        Estimate full = law.fit(data);
        assertThat(Bootstrap.residualsAllowed(law, data, full)).isTrue();
        FitData five = data.with(data.finals().subList(0, 5), List.of());
        assertThat(Bootstrap.residualsAllowed(law, five, full)).isFalse();
        FitData six = data.with(data.finals().subList(0, 6), List.of());
        assertThat(Bootstrap.residualsAllowed(law, six, full)).isTrue();
    }

    @Test
    void sameSeedSameResidualIntervals() {
        FitData data = grid(0.005, 4);
        ChinchillaLaw law = law();
        Estimate full = law.fit(data);
        Bootstrap.Outcome first = Bootstrap.run(law, data, full, Bootstrap.Method.residuals, 30, 9, 0.95);
        Bootstrap.Outcome second = Bootstrap.run(law, data, full, Bootstrap.Method.residuals, 30, 9, 0.95);
        assertThat(first.intervals()).isNotEmpty();
        first.intervals().forEach((name, iv) -> assertThat(second.intervals().get(name)).containsExactly(iv));
    }

    static boolean inside(double[] interval, double value) {
        return interval[0] <= value && value <= interval[1];
    }

    private static double width(double[] interval) {
        return interval[1] - interval[0];
    }
}
