package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.OptimConfig.Schedule;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.model.FlopsCount;
import dev.ladder.trainer.train.LrSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WSD form of a ladder: per shape one stable run and one branch per token budget, the branches' bookkeeping
 * (parents, tokens, FLOPs, schedules) and the arithmetic of what branching saves over separate runs.
 */
class WsdPlanTest {

    private static final int VOCAB = 43;
    /** 8 × 32 = 256 tokens per step. */
    private static final String RUN = "\"run\": {\"model\": {\"seqLen\": 32}, \"train\": {\"batchSize\": 8}}";
    private static final long TOKENS_PER_STEP = 256;

    @TempDir
    Path dir;

    private Plan plan(String body) throws IOException {
        Path file = dir.resolve("ladder.json");
        Files.writeString(file, "{\"name\": \"w\", " + RUN + ", " + body + "}");
        return Planner.plan(file.toString(), ConfigLoader.loadLadder(file), VOCAB);
    }

    @Test
    void eachShapeTrainsOneStableRunAndBranchesACooldownAtEveryBudget() throws IOException {
        // S = 2 shapes, K = 3 budgets of 100, 200 and 400 steps, cooldown 20%: branches at steps 80, 160 and 320
        long[] budgets = {25_600, 51_200, 102_400};
        Plan plan = plan("\"grid\": {\"shapes\": [\"3.3k\", \"13k\"], \"tokens\": [25600, 51200, 102400]},"
                + " \"minSteps\": 1, \"batchExponent\": 0, \"wsd\": {\"cooldown\": 0.2}");
        assertThat(plan.rungs()).hasSize(2 * (3 + 1));
        assertThat(plan.points()).hasSize(2 * 3);
        for (String shape : List.of("3.3k", "13k")) {
            Rung stable = rung(plan, shape + "-stable-s1");
            RunConfig stableRun = stable.runConfig("test");
            assertThat(stable.parents()).isNull();
            assertThat(stableRun.optim().schedule()).isEqualTo(Schedule.CONSTANT);
            assertThat(stable.tokens()).isEqualTo(320 * TOKENS_PER_STEP);
            assertThat(Planner.branchSteps(plan, stable.runId())).containsExactly(80L, 160L, 320L);
            LrSchedule stableLr = schedule(stableRun);
            for (long tokens : budgets) {
                Rung branch = rung(plan, shape + "-t" + Planner.compact(tokens) + "-s1");
                RunConfig run = branch.runConfig("test");
                long steps = tokens / TOKENS_PER_STEP;
                long branchStep = steps - Math.round(0.2 * steps);
                assertThat(branch.parents().stable()).isEqualTo(stable.runId());
                assertThat(branch.parents().branchStep()).isEqualTo(branchStep);
                assertThat(branch.parents().branchTokens()).isEqualTo(branchStep * TOKENS_PER_STEP);
                assertThat(branch.parentIds()).containsExactly(stable.runId());
                // an ordinary point of its whole length: tokens and FLOPs include the inherited stable part
                assertThat(branch.tokens()).isEqualTo(tokens);
                assertThat(run.train().tokens()).isEqualTo(tokens);
                assertThat(branch.flops()).isEqualTo(FlopsCount.kaplan6N(branch.model()) * tokens);
                assertThat(branch.ownTokens()).isEqualTo(tokens - branchStep * TOKENS_PER_STEP);
                // a WSD run of its own length whose rate equals the stable run's up to the branch point
                assertThat(run.optim().schedule()).isEqualTo(Schedule.WSD);
                LrSchedule lr = schedule(run);
                assertThat(lr.decayStart()).isEqualTo(branchStep);
                assertThat(lr.warmupSteps()).isEqualTo(stableLr.warmupSteps()).isPositive();
                for (long step = 1; step <= branchStep; step++) assertThat(lr.lr(step)).isEqualTo(stableLr.lr(step));
                assertThat(lr.lr(steps)).isLessThan(lr.lr(branchStep));
                assertThat(run.seed()).isEqualTo(stableRun.seed());
                assertThat(run.model()).isEqualTo(stableRun.model());
            }
        }
    }

    @Test
    void branchingTrainsTheStableRunOnceAndOnlyTheCooldownsPerPoint() throws IOException {
        // budgets of 100, 200, 400 and 700 steps; per shape separate runs train sum(D) = 1400 steps, the branched
        // ladder (1 - c)·max(D) + c·sum(D) = 560 + 280 = 840: 5/3 the points per unit of compute
        Plan plan = plan("\"grid\": {\"shapes\": [\"3.3k\", \"13k\"], \"tokens\": [25600, 51200, 102400, 179200]},"
                + " \"minSteps\": 1, \"batchExponent\": 0, \"wsd\": {\"cooldown\": 0.2}");
        long sumD = 25_600 + 51_200 + 102_400 + 179_200;
        long maxD = 179_200;
        int shapes = 2;
        assertThat(plan.separateRunTokens()).isEqualTo(shapes * sumD);
        assertThat(plan.trainedTokens()).isEqualTo(shapes * (Math.round(0.8 * maxD) + Math.round(0.2 * sumD)));
        assertThat((double) plan.separateRunTokens() / plan.trainedTokens()).isEqualTo(1400.0 / 840.0);
        double expectedFlops = 0;
        for (Rung r : plan.rungs()) {
            expectedFlops += FlopsCount.kaplan6N(r.model()) * (r.parents() == null ? r.tokens() : r.ownTokens());
        }
        assertThat(plan.totalFlops()).isCloseTo(expectedFlops, withPercentage(1e-9));
        Plan separate = plan("\"grid\": {\"shapes\": [\"3.3k\", \"13k\"], \"tokens\": [25600, 51200, 102400, 179200]}");
        assertThat(separate.trainedTokens()).isEqualTo(plan.separateRunTokens());
        assertThat(separate.totalFlops()).isCloseTo(plan.separateRunFlops(),
                withPercentage(1e-9));
    }

    @Test
    void refusesACooldownOutsideTheUnitIntervalNamingTheKey() {
        assertThatThrownBy(() -> plan("\"grid\": {\"shapes\": [\"3.3k\"], \"tokens\": [25600]},"
                + " \"minSteps\": 1, \"batchExponent\": 0, \"wsd\": {\"cooldown\": 1.5}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("wsd.cooldown").hasMessageContaining("1.5").hasMessageContaining("(0, 1)");
    }

    private static Rung rung(Plan plan, String runId) {
        return plan.rungs().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow(
                () -> new AssertionError(runId + " not in " + plan.rungs().stream().map(Rung::runId).toList()));
    }

    private static LrSchedule schedule(RunConfig run) {
        return LrSchedule.of(run.optim(), run.steps(), run.tokensPerStep());
    }
}
