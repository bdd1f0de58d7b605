package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.model.ParamCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distillation and fine-tuning forms of a ladder config: which rungs they plan, their run ids, parents and
 * corpora, the memory a student's teacher adds, the staged Slurm submission, and the configs they refuse.
 */
class PostTrainingPlanTest {

    private static final int VOCAB = 43;
    private static final String RUN = "\"run\": {\"model\": {\"seqLen\": 32}, \"train\": {\"batchSize\": 8}},"
            + " \"minSteps\": 1, \"batchExponent\": 0";
    private static final String DISTILL = "\"distillation\": {\"teachers\": {\"shapes\": [\"3.3k\", \"25k\"],"
            + " \"tokens\": [25600, 51200]}, \"students\": {\"shapes\": [\"3.3k\", \"13k\"], \"tokens\": [25600]},"
            + " \"lambda\": 0.5, \"temperature\": 2}";
    private static final String FINETUNE = "\"finetuning\": {\"pretrained\": {\"shapes\": [\"3.3k\", \"13k\"],"
            + " \"tokens\": [51200]}, \"target\": \"synthetic:default?redraw=0.3\", \"tokens\": [6400, 12800],"
            + " \"scratchTokens\": [6400, 25600]}";

    @TempDir
    Path dir;

    private Plan plan(String body) throws IOException {
        Path file = dir.resolve("ladder.json");
        Files.writeString(file, "{\"name\": \"p\", " + RUN + ", " + body + "}");
        return Planner.plan(file.toString(), ConfigLoader.loadLadder(file), VOCAB);
    }

    @Test
    void distillationTrainsTeachersControlsAndAStudentPerTeacher() throws IOException {
        Plan plan = plan(DISTILL + ", \"seeds\": [1, 2]");
        // per seed: 4 teachers, 2 controls of which 3.3k-t25.6k is also a teacher, 2 students x 4 teachers
        assertThat(plan.rungs()).hasSize(2 * (4 + 1 + 8));
        assertThat(ids(plan)).contains("3.3k-t25.6k-s1", "3.3k-t51.2k-s1", "25k-t25.6k-s2", "25k-t51.2k-s1",
                "13k-t25.6k-s1", "13k-t25.6k-kd-25k-t51.2k-s1", "3.3k-t25.6k-kd-3.3k-t25.6k-s2")
                .doesNotHaveDuplicates();

        Rung student = rung(plan, "13k-t25.6k-kd-25k-t51.2k-s2");
        Rung teacher = rung(plan, "25k-t51.2k-s2");
        assertThat(student.parentIds()).containsExactly("25k-t51.2k-s2");
        assertThat(student.parents().teacher().nonEmbedding()).isEqualTo(teacher.params().nonEmbedding());
        assertThat(student.parents().teacher().ladder()).isEqualTo("p");
        RunConfig config = student.runConfig("test");
        assertThat(config.distill().lambda()).isEqualTo(0.5);
        assertThat(config.distill().temperature()).isEqualTo(2.0);
        assertThat(config.distill().teacher()).as("resolved to a run directory at train time").isNull();
        assertThat(config.model().dModel()).isEqualTo(32);
        assertThat(student.tokens()).isEqualTo(25600);
        assertThat(student.seed()).isEqualTo(2);

        Rung control = rung(plan, "13k-t25.6k-s2");
        assertThat(control.parents()).isNull();
        assertThat(control.runConfig("test").distill().lambda()).as("the run's default").isEqualTo(1.0);
        assertThat(plan.teacherOf(student)).contains(teacher);
        assertThat(plan.teacherOf(control)).isEmpty();
        assertThat(plan.rungs()).allSatisfy(r -> assertThat(r.runConfig("test").data().corpus())
                .isEqualTo("synthetic:default"));
    }

    @Test
    void fineTuningTrainsPretrainedRunsFineTunesOnTheTargetAndFromScratchControls() throws IOException {
        Plan plan = plan(FINETUNE);
        // 2 pretrained, 2 x 2 fine-tunes, 2 shapes x 2 from-scratch budgets
        assertThat(ids(plan)).containsExactlyInAnyOrder("3.3k-t51.2k-s1", "13k-t51.2k-s1",
                "3.3k-t51.2k-ft-t6.4k-s1", "3.3k-t51.2k-ft-t12.8k-s1", "13k-t51.2k-ft-t6.4k-s1",
                "13k-t51.2k-ft-t12.8k-s1", "3.3k-scratch-t6.4k-s1", "3.3k-scratch-t25.6k-s1", "13k-scratch-t6.4k-s1",
                "13k-scratch-t25.6k-s1");
        Rung tuned = rung(plan, "13k-t51.2k-ft-t12.8k-s1");
        assertThat(tuned.parentIds()).containsExactly("13k-t51.2k-s1");
        assertThat(tuned.parents().pretrained().nonEmbedding())
                .isEqualTo(ParamCount.of(rung(plan, "13k-t51.2k-s1").model()).nonEmbedding());
        assertThat(tuned.tokens()).isEqualTo(12800);
        assertThat(tuned.model()).isEqualTo(rung(plan, "13k-t51.2k-s1").model());
        assertThat(tuned.runConfig("test").data().corpus()).isEqualTo("synthetic:default?redraw=0.3");
        assertThat(tuned.runConfig("test").init().pretrained()).isNull();
        assertThat(rung(plan, "13k-scratch-t25.6k-s1").runConfig("test").data().corpus())
                .isEqualTo("synthetic:default?redraw=0.3");
        assertThat(rung(plan, "13k-scratch-t25.6k-s1").parents()).isNull();
        assertThat(rung(plan, "3.3k-t51.2k-s1").runConfig("test").data().corpus()).isEqualTo("synthetic:default");
    }

    @Test
    void aStudentsMemoryCountsItsTeacher() throws IOException {
        Plan plan = plan("\"distillation\": {\"teachers\": {\"shapes\": [\"336k\"], \"tokens\": [25600]},"
                + " \"students\": {\"shapes\": [\"0.9k\"], \"tokens\": [25600]}}");
        Rung student = rung(plan, "0.9k-t25.6k-kd-336k-t25.6k-s1");
        Rung teacher = rung(plan, "336k-t25.6k-s1");
        long studentAlone = MemoryCheck.bytes(student.model(), 8);
        long teacherBytes = Float.BYTES * MemoryCheck.teacherFloats(teacher.model(), 8);
        assertThat(teacherBytes).isGreaterThan(Float.BYTES * 2L * teacher.params().total());
        // room for the student alone and for the teacher, but not for both in one process
        double capacity = (studentAlone + teacherBytes - 1) / 0.8;
        assertThatThrownBy(() -> MemoryCheck.check("test", plan, 8, 1, capacity, "a small machine's"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("rung " + student.runId());
        TrainConfig train = teacher.runConfig("t").train();
        JvmMemory alone = JvmMemory.forTraining(student.model(), 8, train.engine(), train.device(),
                JvmMemory.Corpus.NONE);
        JvmMemory taught = JvmMemory.forTraining(student.model(), teacher.model(), 8, train.engine(), train.device(),
                JvmMemory.Corpus.NONE);
        assertThat(taught.residentBytes() - alone.residentBytes()).isGreaterThanOrEqualTo(teacherBytes);
    }

    @Test
    void slurmSubmitsStudentsAfterExactlyTheirTeachersTasks() throws IOException {
        Plan plan = plan(DISTILL);
        String script = new SlurmScript(null, 0, 1, "01:00:00", 0, null).renderSubmit(plan, Path.of("/r/p.sbatch"));
        List<String> sbatch = script.lines().filter(l -> l.contains("sbatch --parsable")).toList();
        assertThat(sbatch).as("one array without parents, one per teacher").hasSize(5);
        assertThat(sbatch.get(0)).doesNotContain("--dependency");
        for (String teacher : List.of("3.3k-t25.6k-s1", "3.3k-t51.2k-s1", "25k-t25.6k-s1", "25k-t51.2k-s1")) {
            int task = rung(plan, teacher).index();
            String line = sbatch.stream().filter(l -> l.contains("afterok:${job0}_" + task + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no array waits for " + teacher + ":\n" + script));
            assertThat(line).contains("--array=" + Math.min(rung(plan, "3.3k-t25.6k-kd-" + teacher).index(),
                    rung(plan, "13k-t25.6k-kd-" + teacher).index()) + ",");
        }
        Plan tuned = plan(FINETUNE);
        assertThat(SlurmScript.staged(tuned)).isTrue();
        assertThat(new SlurmScript(null, 0, 1, "01:00:00", 0, null).renderSubmit(tuned, Path.of("/r/p.sbatch"))
                .lines().filter(l -> l.contains("sbatch --parsable"))).hasSize(3);
    }

    /** The form's further supervised runs train on the data alone, as WSD branches with wsd, and teach no one. */
    @Test
    void furtherSupervisedRunsJoinTheControlsAndTeachNoOne() throws IOException {
        String more = DISTILL.replace("\"lambda\"", "\"supervised\": {\"shapes\": [\"57k\", \"3.3k\"], \"tokens\":"
                + " [25600]}, \"lambda\"");
        Plan plain = plan(more);
        assertThat(plain.rungs()).as("4 teachers + 1 control + 1 more supervised run (3.3k-t25.6k is a teacher)"
                + " + 8 students").hasSize(4 + 1 + 1 + 8);
        assertThat(rung(plain, "57k-t25.6k-s1").parents()).isNull();
        assertThat(ids(plain)).noneMatch(id -> id.contains("-kd-57k"));

        Plan wsd = plan(more + ", \"wsd\": {\"cooldown\": 0.25}");
        assertThat(rung(wsd, "57k-t25.6k-s1").parents().stable()).isEqualTo("57k-stable-s1");
        assertThat(rung(wsd, "57k-t25.6k-s1").parents().teacher()).isNull();
        assertThat(ids(wsd)).noneMatch(id -> id.contains("-kd-57k")).doesNotHaveDuplicates();
        assertThatThrownBy(() -> plan(DISTILL.replace("\"lambda\"", "\"supervised\": {\"shapes\": [\"57k\"]},"
                + " \"lambda\""))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("distillation.supervised.tokens");
    }

    /**
     * With wsd, teachers and controls are branches of one stable run per shape, and each student shape is a stable
     * distillation run per teacher with a branch per student budget; the names of the plain form stay, and a branch
     * of a student names both its teacher and its stable run, which names the same teacher.
     */
    @Test
    void distillationWithWsdBranchesTeachersControlsAndStudents() throws IOException {
        Plan plan = plan(DISTILL.replace("\"tokens\": [25600]}", "\"tokens\": [25600, 51200]}")
                + ", \"wsd\": {\"cooldown\": 0.25}");
        // 3.3k: t25.6k, t51.2k (teachers and controls) + stable; 25k: 2 + stable; 13k: 2 controls + stable;
        // per teacher (4): 2 student shapes x (2 branches + stable)
        assertThat(plan.rungs()).hasSize(3 + 3 + 3 + 4 * 2 * 3);
        assertThat(ids(plan)).doesNotHaveDuplicates().contains("3.3k-stable-s1", "25k-stable-s1", "13k-stable-s1",
                "13k-t51.2k-s1", "13k-stable-kd-25k-t51.2k-s1", "13k-t25.6k-kd-25k-t51.2k-s1",
                "3.3k-t51.2k-kd-3.3k-t25.6k-s1");

        Rung branch = rung(plan, "13k-t51.2k-kd-25k-t25.6k-s1");
        Rung stable = rung(plan, "13k-stable-kd-25k-t25.6k-s1");
        assertThat(branch.parents().teacher().runId()).isEqualTo("25k-t25.6k-s1");
        assertThat(branch.parents().stable()).isEqualTo(stable.runId());
        assertThat(branch.parentIds()).containsExactlyInAnyOrder("25k-t25.6k-s1", stable.runId());
        assertThat(stable.parentIds()).containsExactly("25k-t25.6k-s1");
        assertThat(stable.parents().stable()).isNull();
        RunConfig branchConfig = branch.runConfig("test");
        RunConfig stableConfig = stable.runConfig("test");
        assertThat(branchConfig.distill().lambda()).isEqualTo(0.5);
        assertThat(stableConfig.distill().temperature()).isEqualTo(2.0);
        assertThat(stableConfig.optim().schedule().name()).isEqualTo("CONSTANT");
        // 51,200 tokens with a quarter cooldown branch at 38,400; the stable run reaches the latest branch point
        long tokensPerStep = branchConfig.tokensPerStep();
        assertThat(branch.parents().branchTokens()).isEqualTo(38_400L);
        assertThat(branch.parents().branchStep() * tokensPerStep).isEqualTo(38_400L);
        assertThat(stableConfig.steps() * stableConfig.tokensPerStep()).isEqualTo(38_400L);
        assertThat(Planner.branchSteps(plan, stable.runId())).containsExactly(19_200L / tokensPerStep,
                38_400L / tokensPerStep);
        Rung teacher = rung(plan, "25k-t25.6k-s1");
        assertThat(teacher.parents().stable()).isEqualTo("25k-stable-s1");
        assertThat(teacher.parents().teacher()).isNull();

        // Slurm: the stable student waits for its teacher's task, its branches for the teacher's and its own
        String script = new SlurmScript(null, 0, 1, "01:00:00", 0, null).renderSubmit(plan, Path.of("/r/p.sbatch"));
        List<String> sbatch = script.lines().filter(l -> l.contains("sbatch --parsable")).toList();
        String stableLine = sbatch.stream().filter(l -> l.matches(".*--array=([0-9]+,)*" + stable.index() + "[ ,%].*"))
                .findFirst().orElseThrow(() -> new AssertionError("no array for " + stable.runId() + ":\n" + script));
        String branchLine = sbatch.stream().filter(l -> l.matches(".*--array=([0-9]+,)*" + branch.index() + "[ ,%].*"))
                .findFirst().orElseThrow(() -> new AssertionError("no array for " + branch.runId() + ":\n" + script));
        assertThat(stableLine).containsPattern("afterok:\\$\\{job[0-9]+}_" + teacher.index() + " ");
        assertThat(branchLine).containsPattern("afterok:\\$\\{job[0-9]+}_" + teacher.index() + ":\\$\\{job[0-9]+}_"
                + stable.index() + " ");
    }

    @Test
    void refusesPostTrainingFormsThatCannotWorkNamingTheKey() {
        assertThatThrownBy(() -> plan("\"distillation\": {\"teachers\": {\"shapes\": [\"3.3k\"], \"tokens\":"
                + " [25600]}}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("distillation.students is missing");
        assertThatThrownBy(() -> plan(FINETUNE.replace("[6400, 25600]", "[6400, 12800]")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("finetuning.scratchTokens")
                .hasMessageContaining("above the largest finetuning.tokens (12800)");
        assertThatThrownBy(() -> plan(FINETUNE.replace("synthetic:default?redraw=0.3", "bogus:x")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("finetuning.target")
                .hasMessageContaining("bogus:x");
        assertThatThrownBy(() -> plan(FINETUNE + ", \"wsd\": {\"cooldown\": 0.2}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("wsd")
                .hasMessageContaining("no wsd with finetuning");
        assertThatThrownBy(() -> plan(DISTILL.replace("\"lambda\": 0.5", "\"lambda\": 1.5")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("distillation.lambda = 1.5");
        assertThatThrownBy(() -> plan(DISTILL.replace("\"tokens\": [25600]}", "\"tokens\": [0]}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("distillation.students.tokens");
    }

    private static List<String> ids(Plan plan) {
        return plan.rungs().stream().map(Rung::runId).toList();
    }

    private static Rung rung(Plan plan, String runId) {
        return plan.rungs().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow(
                () -> new AssertionError(runId + " not in " + ids(plan)));
    }
}
