package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;

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
