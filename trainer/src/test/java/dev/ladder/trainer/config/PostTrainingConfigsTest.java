package dev.ladder.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.trainer.ladder.Plan;
import dev.ladder.trainer.ladder.Planner;
import dev.ladder.trainer.ladder.Rung;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped distillation and fine-tuning classroom ladders plan the runs their descriptions count. */
class PostTrainingConfigsTest {

    /** The character vocabulary of synthetic:default. */
    private static final int VOCAB = 43;

    @Test
    void distillationClassroomBranchesThreeTeachersElevenSupervisedRunsAndEighteenStudents() {
        Path file = Path.of("..", "configs", "distill-classroom.json");
        LadderConfig ladder = ConfigLoader.loadLadder(file);
        assertThat(ladder.distillation().lambda()).isEqualTo(1.0);
        assertThat(ladder.distillation().temperature()).isEqualTo(1.0);
        Plan plan = Planner.plan(file.toString(), ladder, VOCAB);
        assertThat(plan.rungs()).hasSize(39);
        List<Rung> students = plan.rungs().stream().filter(r -> r.parents() != null && r.parents().teacher() != null)
                .toList();
        assertThat(students).as("6 stable distillation runs, 18 branches").hasSize(24);
        assertThat(students.stream().filter(r -> r.parents().stable() != null)).hasSize(18);
        assertThat(plan.rungs().stream().filter(r -> r.runId().contains("-stable"))).hasSize(4 + 6);
        assertThat(plan.rungs().stream().filter(r -> !r.runId().contains("-stable") && !r.runId().contains("-kd-")))
                .as("supervised runs: 3 teachers, 6 controls, 2 more").hasSize(11);
        assertThat(ladder.description()).contains("39 rungs").contains("11 runs over 4 sizes")
                .contains("18 students");
    }

    @Test
    void fineTuningClassroomTrainsThreePretrainedTwelveFineTunesAndNineControls() {
        Path file = Path.of("..", "configs", "finetune-classroom.json");
        LadderConfig ladder = ConfigLoader.loadLadder(file);
        Plan plan = Planner.plan(file.toString(), ladder, VOCAB);
        assertThat(plan.rungs()).hasSize(24);
        assertThat(plan.rungs().stream().filter(r -> r.parents() != null)).hasSize(12)
                .allSatisfy(r -> assertThat(r.parents().pretrained()).isNotNull());
        assertThat(plan.rungs().stream().filter(r -> r.runId().contains("-scratch-")).map(Rung::tokens).distinct())
                .containsExactlyInAnyOrder(200000L, 800000L, 3200000L);
        assertThat(ladder.description()).contains("24 runs");
    }
}
