package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.analysis.run.PostTrainingFixtures;
import dev.ladder.analysis.run.RunData;
import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.runlog.RunSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Post-training observations read from run directories through run.json's parents. */
class PostTrainingRunsTest {

    private static final String SOURCE = "synthetic:default";
    private static final String TARGET = "synthetic:target";

    @TempDir
    Path dir;

    @Test
    void studentsCarryTheirTeachersFinalLossAndAreLeftOutOfPreTrainingFits() {
        Path ladder = dir.resolve("distill");
        PostTrainingFixtures.write(ladder, "teacher-big", 64, 100_000, SOURCE, null, RunSummary.Status.COMPLETED,
                new long[] {1000, 2000}, new double[] {2.4, 1.9});
        PostTrainingFixtures.write(ladder, "teacher-failed", 64, 100_000, SOURCE, null, RunSummary.Status.FAILED,
                new long[] {1000}, new double[] {2.4});
        PostTrainingFixtures.finalOnly(ladder, "student-a", 32, 10_000, SOURCE,
                PostTrainingFixtures.taughtBy("teacher-big"), 5000, 2.2);
        PostTrainingFixtures.finalOnly(ladder, "student-b", 32, 10_000, SOURCE,
                PostTrainingFixtures.taughtBy("teacher-failed"), 5000, 2.3);
        PostTrainingFixtures.finalOnly(ladder, "student-c", 32, 10_000, SOURCE,
                PostTrainingFixtures.taughtBy("teacher-gone"), 5000, 2.3);
        Path elsewhere = dir.resolve("teachers");
        PostTrainingFixtures.finalOnly(elsewhere, "teacher-other-ladder", 64, 100_000, SOURCE, null, 9000, 1.8);
        PostTrainingFixtures.finalOnly(ladder, "student-d", 32, 10_000, SOURCE,
                PostTrainingFixtures.taughtBy("teacher-other-ladder"), 5000, 2.1);
        List<RunData> runs = RunReader.read(List.of(ladder, elsewhere));
        FitData students = PostTrainingRuns.students(runs);
        assertThat(students.runIds()).containsExactlyInAnyOrder("student-a", "student-d");
        assertThat(students.finals().stream().filter(o -> o.runId().equals("student-d")).findFirst().orElseThrow()
                .teacherLoss()).isEqualTo(1.8);
        Observation a = students.finals().stream().filter(o -> o.runId().equals("student-a")).findFirst()
                .orElseThrow();
        assertThat(a.teacherLoss()).isEqualTo(1.9);
        assertThat(a.params()).isEqualTo(10_000);
        assertThat(a.tokens()).isEqualTo(5000);
        assertThat(a.loss()).isEqualTo(2.2);
        Map<String, String> why = students.excluded().stream()
                .collect(Collectors.toMap(Exclusion::runId, Exclusion::reason));
        assertThat(why.get("student-b")).contains("teacher teacher-failed has no final loss");
        assertThat(why.get("student-c")).contains("teacher teacher-gone is not among the inputs");
        FitData pre = RunObservations.from(runs, ParamCount.nonEmbedding, FlopCount.kaplan, false);
        assertThat(pre.runIds()).containsExactlyInAnyOrder("teacher-big", "teacher-other-ladder");
        assertThat(pre.excluded().stream().filter(e -> e.runId().equals("student-a")).findFirst().orElseThrow()
                .reason()).contains("distillation student");
        assertThat(PostTrainingRuns.supervisedFor(runs)).extracting(RunData::runId)
                .containsExactlyInAnyOrder("teacher-big", "teacher-failed", "teacher-other-ladder");
    }

    @Test
    void fineTunedRunsTakeXFromTheirParent() {
        Path ladder = dir.resolve("finetune");
        PostTrainingFixtures.write(ladder, "pre", 64, 100_000, SOURCE, null, RunSummary.Status.COMPLETED,
                new long[] {1000, 8000}, new double[] {2.4, 1.9});
        PostTrainingFixtures.finalOnly(ladder, "ft", 64, 100_000, TARGET, PostTrainingFixtures.pretrainedBy("pre"), 500,
                2.25);
        List<RunData> runs = RunReader.read(List.of(ladder));
        Observation byParams = PostTrainingRuns.finetuned(runs, PostTrainingRuns.FinetuneX.params).finals().get(0);
        assertThat(byParams.params()).isEqualTo(100_000);
        assertThat(byParams.tokens()).isEqualTo(500);
        assertThat(byParams.loss()).isEqualTo(2.25);
        Observation byTokens = PostTrainingRuns.finetuned(runs, PostTrainingRuns.FinetuneX.tokens).finals().get(0);
        assertThat(byTokens.params()).isEqualTo(8000);
    }

    /**
     * The control's curve passes 2.5 at 2000 tokens and 2.0 at 4000; the fine-tuned loss 2.25 lies halfway, so
     * D_E = exp((ln 2000 + ln 4000)/2) = 2000·√2 = 2828.43 tokens and D_T = 2828.43 - 500.
     */
    @Test
    void transferReadsDeOffTheFromScratchCurveInLogTokens() {
        Path ladder = dir.resolve("transfer");
        PostTrainingFixtures.write(ladder, "pre", 64, 100_000, SOURCE, null, RunSummary.Status.COMPLETED,
                new long[] {1000, 8000}, new double[] {2.4, 1.9});
        PostTrainingFixtures.write(ladder, "scratch", 64, 100_000, TARGET, null, RunSummary.Status.COMPLETED,
                new long[] {1000, 2000, 4000, 8000}, new double[] {3.0, 2.5, 2.0, 1.8});
        PostTrainingFixtures.write(ladder, "scratch-other-shape", 32, 25_000, TARGET, null,
                RunSummary.Status.COMPLETED, new long[] {1000, 2000}, new double[] {9.0, 0.5});
        PostTrainingFixtures.finalOnly(ladder, "ft", 64, 100_000, TARGET, PostTrainingFixtures.pretrainedBy("pre"), 500,
                2.25);
        PostTrainingFixtures.finalOnly(ladder, "ft-too-good", 64, 100_000, TARGET, PostTrainingFixtures.pretrainedBy("pre"),
                500, 1.5);
        PostTrainingFixtures.finalOnly(ladder, "ft-long", 64, 100_000, TARGET, PostTrainingFixtures.pretrainedBy("pre"),
                6000, 2.25);
        PostTrainingFixtures.finalOnly(ladder, "ft-no-control", 48, 50_000, TARGET,
                PostTrainingFixtures.pretrainedBy("pre"), 500, 2.25);
        FitData data = PostTrainingRuns.transferred(RunReader.read(List.of(ladder)));
        assertThat(data.runIds()).containsExactly("ft");
        Observation ft = data.finals().get(0);
        assertThat(ft.loss()).isCloseTo(2000 * Math.sqrt(2) - 500, within(1e-6));
        assertThat(ft.params()).isEqualTo(100_000);
        assertThat(ft.tokens()).isEqualTo(500);
        Map<String, String> why = data.excluded().stream()
                .collect(Collectors.toMap(Exclusion::runId, Exclusion::reason));
        assertThat(why.get("ft-too-good")).contains("does not cross the fine-tuned loss 1.5000");
        assertThat(why.get("ft-long")).contains("no positive transfer");
        assertThat(why.get("ft-no-control")).contains("no from-scratch run of shape L2-d48-h2 on " + TARGET);
    }

    /**
     * With from-scratch runs at several budgets (a fine-tuning ladder's scratchTokens), the curve is their final
     * losses: 2.5 at 2000 tokens and 2.0 at 4000 (each run's own evals say otherwise, and are not used), so the
     * fine-tuned loss 2.25 gives D_E = 2000·√2 as above.
     */
    @Test
    void transferReadsDeOffTheFinalLossesOfFromScratchRunsAtSeveralBudgets() {
        Path ladder = dir.resolve("transfer-budgets");
        PostTrainingFixtures.write(ladder, "pre", 64, 100_000, SOURCE, null, RunSummary.Status.COMPLETED,
                new long[] {1000, 8000}, new double[] {2.4, 1.9});
        PostTrainingFixtures.write(ladder, "scratch-t2k", 64, 100_000, TARGET, null, RunSummary.Status.COMPLETED,
                new long[] {500, 1000, 2000}, new double[] {2.3, 2.6, 2.5});
        PostTrainingFixtures.write(ladder, "scratch-t4k", 64, 100_000, TARGET, null, RunSummary.Status.COMPLETED,
                new long[] {1000, 2000, 4000}, new double[] {2.2, 2.1, 2.0});
        PostTrainingFixtures.finalOnly(ladder, "ft", 64, 100_000, TARGET, PostTrainingFixtures.pretrainedBy("pre"), 500,
                2.25);
        PostTrainingFixtures.finalOnly(ladder, "ft-too-good", 64, 100_000, TARGET,
                PostTrainingFixtures.pretrainedBy("pre"), 500, 1.9);
        FitData data = PostTrainingRuns.transferred(RunReader.read(List.of(ladder)));
        assertThat(data.runIds()).containsExactly("ft");
        assertThat(data.finals().get(0).loss()).isCloseTo(2000 * Math.sqrt(2) - 500, within(1e-6));
        assertThat(data.excluded()).anySatisfy(e -> assertThat(e.reason())
                .contains("final losses of the 2 from-scratch runs of shape L2-d64-h2 do not cross"));
    }
}
