package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bootstrap over runs: coverage of the truth, determinism by seed, percentile arithmetic. */
class BootstrapTest {

    private static final SyntheticLadder TRUTH = SyntheticLadder.CHINCHILLA;
    private static final Budgets BUDGETS = new Budgets(List.of(1e22));

    /** A small start grid around plausible values keeps ten full fits fast; the refits are warm-started anyway. */
    private static ChinchillaLaw law() {
        List<double[]> starts = MultiStartFit.grid(new double[] {5, 8}, new double[] {5, 8}, new double[] {0, 0.5},
                new double[] {0.2, 0.5}, new double[] {0.2, 0.5});
        return new ChinchillaLaw("chinchilla", BUDGETS, starts, MultiStartFit.Screen.exhaustive());
    }

    @Test
    void intervalsCoverTheTruthInMostTrials() {
        int covered = 0;
        for (int trial = 0; trial < 10; trial++) {
            FitData data = TRUTH.isoFlop(5, 7, 0.01, 100 + trial);
            ChinchillaLaw law = law();
            Estimate full = law.fit(data);
            Map<String, double[]> iv = Bootstrap.run(law, data, full, 100, trial, 0.95).intervals();
            boolean all = inside(iv.get("E"), TRUTH.e()) && inside(iv.get("alpha"), TRUTH.alpha())
                    && inside(iv.get("beta"), TRUTH.beta());
            if (all) covered++;
        }
        assertThat(covered).isGreaterThanOrEqualTo(8);
    }

    @Test
    void sameSeedSameIntervalsAndEveryQuantityHasOne() {
        FitData data = TRUTH.isoFlop(4, 6, 0.01, 7);
        ChinchillaLaw law = law();
        Estimate full = law.fit(data);
        Bootstrap.Outcome first = Bootstrap.run(law, data, full, 30, 42, 0.95);
        Bootstrap.Outcome second = Bootstrap.run(law, data, full, 30, 42, 0.95);
        assertThat(first.intervals().keySet()).containsAll(full.parameters().keySet())
                .containsAll(full.derived().keySet()).contains(Budgets.key("newRunLoss", 1e22));
        first.intervals().forEach((name, iv) -> assertThat(second.intervals().get(name)).containsExactly(iv));
        double[] loss = first.intervals().get(Budgets.key("loss", 1e22));
        double[] newRun = first.intervals().get(Budgets.key("newRunLoss", 1e22));
        assertThat(newRun[1] - newRun[0]).isGreaterThan(loss[1] - loss[0]);
    }

    /**
     * Some refits cannot predict losses (a supervised-law resample with an exponent at or below 0 has no
     * predictor): the new-run interval comes from the others instead of failing the whole bootstrap.
     */
    @Test
    void refitsWithoutAPredictorAreLeftOutOfTheNewRunInterval() {
        FitData data = TRUTH.isoFlop(4, 6, 0.01, 9);
        ChinchillaLaw chinchilla = law();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ScalingLaw halfBlind = new ScalingLaw() {
            public String name() {
                return "half-blind";
            }

            public String formula() {
                return chinchilla.formula();
            }

            public Estimate fit(FitData d) {
                return chinchilla.fit(d);
            }

            @Override
            public Estimate refit(FitData d, Estimate full) {
                Estimate e = chinchilla.refit(d, full);
                return calls.incrementAndGet() % 2 == 0 ? e : new Estimate(e.parameters(), e.derived(), e.objective(),
                        java.util.Optional.empty(), e.state());
            }
        };
        Estimate full = halfBlind.fit(data);
        Bootstrap.Outcome outcome = Bootstrap.run(halfBlind, data, full, 20, 3, 0.95);
        double[] newRun = outcome.intervals().get(Budgets.key("newRunLoss", 1e22));
        assertThat(newRun).isNotNull();
        assertThat(newRun[1]).isGreaterThan(newRun[0]);
    }

    @Test
    void refitsLeaveTheFullFitUntouchedAndRefitOfTheSameDataFindsItAgain() {
        FitData data = TRUTH.isoFlop(4, 6, 0.01, 8);
        for (ScalingLaw law : List.of(law(), new KaplanJointLaw(), new FlooredPowerLaw(LawInput.PARAMS))) {
            Estimate full = law.fit(data);
            double[] before = full.state();
            Bootstrap.run(law, data, full, 20, 1, 0.95);
            assertThat(full.state()).containsExactly(before);
            Estimate again = law.refit(data, full);
            assertThat(again.objective()).isLessThanOrEqualTo(full.objective() * (1 + 1e-9));
        }
    }

    /**
     * Two basins: half the runs follow a law with a floor (E = 1.5), half a pure power law (E ≈ 0) over the same
     * losses. The full fit lands in the pure power law's basin, where e = log E runs off to -∞ and its gradient
     * vanishes, so refits started only there stay there ([6e-15, 8e-15] before multi-start refits). Resamples
     * drawing more of the floored half belong in the other basin; the refits' small grid finds it.
     */
    @Test
    void refitsFromASmallGridGiveAnIntervalCoveringBothBasins() {
        SyntheticLadder floored = new SyntheticLadder(1.5, 480, 2100, 0.35, 0.37);
        SyntheticLadder powerLaw = new SyntheticLadder(1e-6, 5.3, 7.1, 0.07, 0.07);
        List<Observation> finals = new ArrayList<>();
        List<Observation> flooredHalf = new ArrayList<>();
        int i = 0;
        for (Observation o : floored.isoFlop(4, 6, 0, 1).finals()) {
            SyntheticLadder truth = i++ % 2 == 0 ? floored : powerLaw;
            Observation run = new Observation(o.runId(), o.params(), o.tokens(), o.flops(),
                    truth.loss(o.params(), o.tokens()));
            finals.add(run);
            if (truth == floored) flooredHalf.add(run);
        }
        FitData data = new FitData(finals, finals, List.of(), 6, List.of("two basins"));
        ChinchillaLaw law = new ChinchillaLaw(BUDGETS);
        Estimate full = law.fit(data);
        assertThat(full.value("E")).as("the full fit: the pure power law's basin").isLessThan(1e-3);
        Estimate flooredFit = law.fit(new FitData(flooredHalf, flooredHalf, List.of(), 6, List.of("half")));
        assertThat(flooredFit.value("E")).as("the floored half alone").isCloseTo(1.5, offset(0.01));

        double[] e = Bootstrap.run(law, data, full, 100, 1, 0.95).intervals().get("E");
        assertThat(e[0]).isLessThan(1e-3);
        assertThat(e[1]).isGreaterThan(1.5);

        ScalingLaw warmOnly = new WarmStartOnly(law);
        double[] warm = Bootstrap.run(warmOnly, data, full, 100, 1, 0.95).intervals().get("E");
        assertThat(warm[1]).as("refits from the full fit alone miss the floored basin").isLessThan(1e-3);
    }

    @Test
    void refusedResamplesAreCountedByReason() {
        FitData data = TRUTH.isoFlop(2, 3, 0.01, 5);
        IsoFlopLaw law = new IsoFlopLaw(BUDGETS);
        Bootstrap.Outcome outcome = Bootstrap.run(law, data, law.fit(data), 200, 3, 0.95);
        assertThat(outcome.failures()).isPositive();
        assertThat(outcome.reasons().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(outcome.failures());
        assertThat(outcome.reasons().keySet()).allSatisfy(reason -> assertThat(reason).startsWith("isoflop: ")
                .doesNotContainPattern("[0-9]"));
        assertThat(outcome.reasons().keySet()).anySatisfy(reason -> assertThat(reason).contains("distinct N"));
        List<Integer> counts = List.copyOf(outcome.reasons().values());
        for (int k = 1; k < counts.size(); k++) assertThat(counts.get(k)).isLessThanOrEqualTo(counts.get(k - 1));
        assertThat(Bootstrap.reason(new FitRefusedException("needs \u2265 5 runs for 5 parameters, got 3.5e-2")))
                .isEqualTo("needs \u2265 # runs for # parameters, got #");
    }

    /** Approach 3 with bootstrap refits that start only from the full fit and nudges of it (before the grid). */
    private record WarmStartOnly(ChinchillaLaw law) implements ScalingLaw {

        @Override
        public String name() {
            return law.name();
        }

        @Override
        public String formula() {
            return law.formula();
        }

        @Override
        public Estimate fit(FitData data) {
            return law.fit(data);
        }

        @Override
        public Estimate refit(FitData data, Estimate full) {
            List<double[]> near = new ArrayList<>();
            near.add(full.state());
            for (double step : new double[] {0.5, -0.5}) {
                double[] start = full.state();
                for (int i = 0; i < start.length; i++) start[i] += i < 2 ? step : step / 5;
                near.add(start);
            }
            return new ChinchillaLaw(law.name(), BUDGETS, near, MultiStartFit.Screen.exhaustive()).fit(data);
        }
    }

    @Test
    void percentileIntervalInterpolatesLikeNumpy() {
        double[] values = {5, 1, 4, 2, 3};
        assertThat(Bootstrap.interval(values, 0.5)).containsExactly(2, 4);
        assertThat(Bootstrap.interval(values, 0.9)).containsExactly(1.2, 4.8);
    }

    private static boolean inside(double[] interval, double value) {
        return interval[0] <= value && value <= interval[1];
    }
}
