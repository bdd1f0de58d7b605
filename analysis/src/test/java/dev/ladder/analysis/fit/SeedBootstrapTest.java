package dev.ladder.analysis.fit;

import static dev.ladder.analysis.fit.ResidualBootstrapTest.TRUTH;
import static dev.ladder.analysis.fit.ResidualBootstrapTest.inside;
import static dev.ladder.analysis.fit.ResidualBootstrapTest.law;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap over seeds, for a grid trained with several seeds whose runs of one size and seed share an offset
 * (as WSD branches of one stable run do): it moves a group's runs together, holds the truth where the residual
 * bootstrap, blind to the offsets, does not, and falls back to residuals where no size has two seeds. The truth and
 * the law's start grid are {@link ResidualBootstrapTest}'s.
 */
class SeedBootstrapTest {

    /**
     * 4 sizes (N 1e4..1e5) x 5 budgets (D 1e6..1e7) x {@code seeds} seeds: each (size, seed) shifts all its runs by
     * one log-normal offset of sd {@code offsetSd}, each run has its own noise of sd {@code noise}.
     */
    private static FitData grid(int seeds, double offsetSd, double noise, long draw) {
        Random rng = new Random(draw);
        List<Observation> finals = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            double n = 1e4 * Math.pow(10, i / 3.0);
            for (int s = 1; s <= seeds; s++) {
                double offset = offsetSd * rng.nextGaussian();
                for (int j = 0; j < 5; j++) {
                    double d = 1e6 * Math.pow(10, j / 4.0);
                    double loss = TRUTH.loss(n, d) * Math.exp(offset + noise * rng.nextGaussian());
                    finals.add(new Observation("n" + i + "-d" + j + "-s" + s, n, d, 6 * n * d, loss, Double.NaN,
                            6 * n * d, s));
                }
            }
        }
        return new FitData(finals, List.of(), List.of(), 6, List.of("grid"));
    }

    @Test
    void aResampleMovesTheRunsOfOneSizeAndSeedTogetherByOneOfThatSizesSeedDeviations() {
        // the truth as the fit, and each size's two seeds at ±h_i from it with no noise within a seed: the split
        // finds h_i, and its deviations, scaled by sqrt(2 / 1) for the one degree of freedom, are ±h_i·sqrt(2)
        List<Observation> finals = new ArrayList<>();
        List<Double> truth = new ArrayList<>();
        Map<Double, Double> h = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            double n = 1e4 * Math.pow(10, i / 3.0);
            h.put(n, 0.002 * (i + 1));
            for (int s = 1; s <= 2; s++) {
                for (int j = 0; j < 5; j++) {
                    double d = 1e6 * Math.pow(10, j / 4.0);
                    double loss = TRUTH.loss(n, d) * Math.exp(s == 1 ? h.get(n) : -h.get(n));
                    finals.add(new Observation("n" + i + "-d" + j + "-s" + s, n, d, 6 * n * d, loss, Double.NaN,
                            6 * n * d, s));
                    truth.add(TRUTH.loss(n, d));
                }
            }
        }
        FitData data = new FitData(finals, List.of(), List.of(), 6, List.of("grid"));
        double[] fitted = truth.stream().mapToDouble(Double::doubleValue).toArray();
        SeedResiduals split = SeedResiduals.of(data, fitted).orElseThrow();
        assertThat(split.groups()).isEqualTo(8);

        SplittableRandom rng = new SplittableRandom(3);
        boolean bothSigns = false;
        for (int b = 0; b < 40; b++) {
            FitData resample = split.resample(data, fitted, rng);
            Map<String, Double> drawn = new HashMap<>();
            for (int i = 0; i < fitted.length; i++) {
                Observation original = data.finals().get(i);
                Observation o = resample.finals().get(i);
                assertThat(o.withLoss(original.loss())).isEqualTo(original);
                double shift = Math.log(o.loss() / fitted[i]);
                Double first = drawn.putIfAbsent(o.params() + "/" + o.seed(), shift);
                if (first != null) assertThat(shift).as("one offset per group").isCloseTo(first, offset(1e-12));
                assertThat(Math.abs(shift)).as("a deviation of its own size")
                        .isCloseTo(h.get(o.params()) * Math.sqrt(2), offset(1e-12));
            }
            bothSigns |= drawn.values().stream().anyMatch(v -> v > 0) && drawn.values().stream().anyMatch(v -> v < 0);
        }
        assertThat(bothSigns).isTrue();
    }

    /**
     * 10 grids of 2 seeds with seed offsets (sd 1 %) ten times the runs' own noise (0.1 %), 200 resamples each. The
     * bootstrap over seeds holds α's truth in at least 8; the residual bootstrap, which scatters the offsets over
     * single runs, holds it in fewer, with an interval narrower in most trials.
     */
    @Test
    void withSeedOffsetsTheSeedIntervalHoldsAlphaWhereTheResidualIntervalMissesIt() {
        int trials = 10;
        int seedsCover = 0;
        int residualsCover = 0;
        int wider = 0;
        for (int trial = 0; trial < trials; trial++) {
            FitData data = grid(2, 0.01, 0.001, 100 + trial);
            ChinchillaLaw law = law();
            Estimate full = law.fit(data);
            Bootstrap.Outcome seeds = Bootstrap.run(law, data, full, Bootstrap.Method.seeds, 200, trial, 0.95);
            Bootstrap.Outcome residuals = Bootstrap.run(law, data, full, Bootstrap.Method.residuals, 200, trial, 0.95);
            assertThat(seeds.method()).isEqualTo(Bootstrap.Method.seeds);
            double[] bySeed = seeds.intervals().get("alpha");
            double[] byResidual = residuals.intervals().get("alpha");
            if (inside(bySeed, TRUTH.alpha())) seedsCover++;
            if (inside(byResidual, TRUTH.alpha())) residualsCover++;
            if (bySeed[1] - bySeed[0] > byResidual[1] - byResidual[0]) wider++;
        }
        System.out.printf("seed bootstrap: alpha held %d/%d (residuals %d/%d), wider in %d%n", seedsCover, trials,
                residualsCover, trials, wider);
        assertThat(seedsCover).isGreaterThanOrEqualTo(8);
        assertThat(residualsCover).isLessThan(seedsCover);
        assertThat(wider).isGreaterThan(trials / 2);
    }

    @Test
    void withoutASizeOfTwoSeedsOrWithUnknownSeedsItFallsBackToResiduals() {
        ChinchillaLaw law = law();
        FitData oneSeed = grid(1, 0.01, 0.001, 7);
        Estimate full = law.fit(oneSeed);
        double[] fitted = law.fittedLosses(oneSeed, full).orElseThrow();
        assertThat(SeedResiduals.of(oneSeed, fitted)).isEmpty();
        assertThat(Bootstrap.run(law, oneSeed, full, Bootstrap.Method.seeds, 10, 1, 0.95).method())
                .isEqualTo(Bootstrap.Method.residuals);

        FitData twoSeeds = grid(2, 0.01, 0.001, 7);
        List<Observation> unknown = new ArrayList<>(twoSeeds.finals());
        unknown.set(0, unknown.get(0).withSeed(Observation.NO_SEED));
        FitData partly = twoSeeds.with(unknown, List.of());
        Estimate partlyFit = law.fit(partly);
        assertThat(SeedResiduals.of(partly, law.fittedLosses(partly, partlyFit).orElseThrow())).isEmpty();
        assertThat(Bootstrap.run(law, partly, partlyFit, Bootstrap.Method.seeds, 10, 1, 0.95).method())
                .isEqualTo(Bootstrap.Method.residuals);
    }
}
