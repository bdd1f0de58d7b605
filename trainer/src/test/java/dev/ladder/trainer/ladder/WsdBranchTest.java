package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.analysis.fit.FitData;
import dev.ladder.analysis.fit.FlopCount;
import dev.ladder.analysis.fit.Observation;
import dev.ladder.analysis.fit.ParamCount;
import dev.ladder.analysis.fit.RunObservations;
import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.runlog.StepRecord;
import dev.ladder.trainer.cli.ExitCode;
import dev.ladder.trainer.cli.InProcessCli;
import dev.ladder.trainer.cli.InProcessCli.Result;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.train.Backend;
import dev.ladder.trainer.train.TrainProgress;
import dev.ladder.trainer.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WSD branch starts from exactly its stable run's state at the branch point: its losses from there on, and the
 * stable run's up to there, equal bit for bit those of a separate WSD run of the branch's length (same seed, one
 * thread), which they could not if the weights, the optimizer moments or the data cursor differed. A branch stopped
 * midway resumes from its own checkpoint to the same result, and one whose stable run has not completed is not trained.
 */
class WsdBranchTest {

    /** One shape, 64 tokens per step: branches of 10, 20 and 30 steps from steps 8, 16 and 24 of the stable run. */
    private static final String LADDER = "{\"name\": \"wsd\", \"run\": {\"model\": {\"seqLen\": 16},"
            + " \"optim\": {\"lr\": 0.003}, \"train\": {\"batchSize\": 4, \"evalBatches\": 2, \"threads\": 1}},"
            + " \"rungs\": [{\"shape\": \"L1-d16-h2\", \"tokens\": 640}, {\"shape\": \"L1-d16-h2\", \"tokens\": 1280},"
            + " {\"shape\": \"L1-d16-h2\", \"tokens\": 1920}], \"minSteps\": 1, \"batchExponent\": 0, \"wsd\": {\"cooldown\": 0.2}}";

    @TempDir
    static Path cache;
    @TempDir
    Path dir;

    @Test
    void branchesContinueTheStableRunExactlyAsASeparateWsdRunWould() throws Exception {
        Path out = dir.resolve("runs");
        Path ladderDir = out.resolve("wsd");
        Path planFile = ladderDir.resolve(Plan.FILE_NAME);
        Plan plan = writePlan(planFile);
        Rung stable = rung(plan, "L1-d16-h2-stable-s1");
        Rung middle = rung(plan, "L1-d16-h2-t1.28k-s1");
        Rung longest = rung(plan, "L1-d16-h2-t1.92k-s1");

        Result early = train(planFile, out, middle);
        assertThat(early.exitCode()).as(early.out() + early.err()).isEqualTo(ExitCode.FAILURE);
        assertThat(early.err()).contains("waits for parent " + stable.runId() + " (pending)");
        assertThat(ladderDir.resolve(middle.runId())).doesNotExist();

        Result trained = train(planFile, out, stable);
        assertThat(trained.exitCode()).as(trained.out() + trained.err()).isEqualTo(ExitCode.OK);
        for (long step : List.of(8L, 16L, 24L)) {
            assertThat(ladderDir.resolve(stable.runId()).resolve("branch-points").resolve("step-" + step)
                    .resolve("arrays.bin")).isRegularFile();
        }
        trained = train(planFile, out, middle);
        assertThat(trained.exitCode()).as(trained.out() + trained.err()).isEqualTo(ExitCode.OK);

        RunInfo info = RunJson.readInfo(ladderDir.resolve(middle.runId()).resolve("run.json"));
        assertThat(info.parents()).isEqualTo(RunInfo.Parents.branch(stable.runId(), 16, 16 * 64));
        assertThat(info.plannedTokens()).isEqualTo(1280);
        List<StepRecord> branchSteps = steps(ladderDir.resolve(middle.runId()));
        assertThat(branchSteps.get(0).step()).isEqualTo(17);
        assertThat(branchSteps.get(0).tokens()).isEqualTo(17 * 64);
        RunSummary summary = RunJson.readSummary(ladderDir.resolve(middle.runId()).resolve("summary.json"));
        assertThat(summary.tokens()).isEqualTo(1280);
        assertThat(summary.steps()).isEqualTo(20);

        Backend backend = Backend.start(Device.CPU, 1);
        Path alone = dir.resolve("alone");
        RunSummary separate = separateRun(middle, alone, backend);
        List<StepRecord> separateSteps = steps(alone);
        List<StepRecord> stableSteps = steps(ladderDir.resolve(stable.runId()));
        for (StepRecord s : separateSteps) {
            StepRecord same = s.step() <= 16 ? stableSteps.get((int) s.step() - 1) : branchSteps.get((int) s.step() - 17);
            assertThat(same.step()).isEqualTo(s.step());
            assertThat(same.tokens()).isEqualTo(s.tokens());
            assertThat(same.lr()).as("lr of step " + s.step()).isEqualTo(s.lr());
            assertThat(same.trainLoss()).as("train loss of step " + s.step()).isEqualTo(s.trainLoss());
        }
        assertThat(summary.finalValLoss()).isEqualTo(separate.finalValLoss());

        // for the fits the branch is an ordinary point of its whole length; the stable run is no point
        FitData data = RunObservations.from(RunReader.read(List.of(ladderDir)), ParamCount.total, FlopCount.kaplan,
                false);
        assertThat(data.finals()).extracting(Observation::runId).contains(middle.runId())
                .doesNotContain(stable.runId());
        Observation point = data.finals().stream().filter(o -> o.runId().equals(middle.runId())).findFirst()
                .orElseThrow();
        assertThat(point.tokens()).isEqualTo(1280);
        assertThat(point.flops()).isEqualTo(info.flopsPerToken().kaplan6N() * 1280);
        assertThat(point.loss()).isEqualTo(summary.finalValLoss());
        assertThat(data.excluded()).anyMatch(e -> e.runId().equals(stable.runId())
                && e.reason().contains("WSD stable run"));

        // the longest branch, stopped after 3 of its 6 steps and resumed, ends where a separate run does
        Trainer branch = trainer(longest, ladderDir.resolve(longest.runId()), planFile, plan);
        AtomicInteger calls = new AtomicInteger();
        RunSummary stopped = branch.train(backend, () -> calls.incrementAndGet() >= 3, TrainProgress.silent());
        assertThat(stopped.status()).isEqualTo(RunSummary.Status.INTERRUPTED);
        assertThat(stopped.steps()).isEqualTo(27);
        RunSummary resumed = branch.train(backend, () -> false, TrainProgress.silent());
        assertThat(resumed.status()).isEqualTo(RunSummary.Status.COMPLETED);
        assertThat(resumed.tokens()).isEqualTo(1920);
        assertThat(resumed.finalValLoss()).isEqualTo(separateRun(longest, dir.resolve("alone-long"), backend)
                .finalValLoss());
    }

    /**
     * A budget added after its stable run finished branches at a step the stable run did not keep: the branch
     * starts from the latest kept step before its own (or from the initialisation when there is none), trains the
     * stable phase up to its branch point itself, and ends exactly where a separate WSD run of its length does.
     */
    @Test
    void aBranchWhosePointWasNotKeptTrainsUpToItFromAnEarlierOne() throws Exception {
        Path out = dir.resolve("runs");
        Path ladderDir = out.resolve("wsd");
        Path planFile = ladderDir.resolve(Plan.FILE_NAME);
        Plan plan = writePlan(planFile);
        Rung stable = rung(plan, "L1-d16-h2-stable-s1");
        assertThat(train(planFile, out, stable).exitCode()).isEqualTo(ExitCode.OK);
        Path points = ladderDir.resolve(stable.runId()).resolve("branch-points");
        Backend backend = Backend.start(Device.CPU, 1);

        deleteTree(points.resolve("step-16"));
        Rung middle = rung(plan, "L1-d16-h2-t1.28k-s1");
        Result fromEight = train(planFile, out, middle);
        assertThat(fromEight.exitCode()).as(fromEight.out() + fromEight.err()).isEqualTo(ExitCode.OK);
        assertThat(steps(ladderDir.resolve(middle.runId())).get(0).step()).isEqualTo(9);
        assertThat(RunJson.readSummary(ladderDir.resolve(middle.runId()).resolve("summary.json")).finalValLoss())
                .isEqualTo(separateRun(middle, dir.resolve("alone-middle"), backend).finalValLoss());

        deleteTree(points.resolve("step-8"));
        Rung shortest = rung(plan, "L1-d16-h2-t640-s1");
        Result fromStart = train(planFile, out, shortest);
        assertThat(fromStart.exitCode()).as(fromStart.out() + fromStart.err()).isEqualTo(ExitCode.OK);
        assertThat(steps(ladderDir.resolve(shortest.runId())).get(0).step()).isEqualTo(1);
        assertThat(RunJson.readSummary(ladderDir.resolve(shortest.runId()).resolve("summary.json")).finalValLoss())
                .isEqualTo(separateRun(shortest, dir.resolve("alone-shortest"), backend).finalValLoss());
    }

    /** Plans {@link #LADDER} and writes the plan to {@code planFile}, as {@code ladder run} does. */
    private Plan writePlan(Path planFile) throws java.io.IOException {
        Path config = dir.resolve("wsd.json");
        Files.writeString(config, LADDER);
        Plan plan = Planner.plan(config, cache);
        plan.write(planFile);
        return plan;
    }

    private static void deleteTree(Path folder) throws java.io.IOException {
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private Result train(Path planFile, Path out, Rung rung) {
        return InProcessCli.run("train", "--plan", planFile.toString(), "--rung", Integer.toString(rung.index()),
                "--out", out.toString(), "--cache-dir", cache.toString());
    }

    /** The branch's run config trained on its own, from initialisation, as an ordinary WSD run. */
    private static RunSummary separateRun(Rung rung, Path runDir, Backend backend) {
        RunConfig config = ConfigLoader.load("test", rung.config(), List.of("runId=alone"));
        return new Trainer(config, new RunDirectory(runDir), "alone", null, cache)
                .train(backend, () -> false, TrainProgress.silent());
    }

    private static Trainer trainer(Rung rung, Path runDir, Path planFile, Plan plan) {
        return new Trainer(rung.runConfig(planFile.toString()), new RunDirectory(runDir), rung.runId(), plan.ladder(),
                cache, null, new Trainer.Lineage(rung.parents(), Planner.branchSteps(plan, rung.runId())));
    }

    private static List<StepRecord> steps(Path runDir) {
        return RunLogReader.read(runDir.resolve("metrics.jsonl")).steps();
    }

    private static Rung rung(Plan plan, String runId) {
        return plan.rungs().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow(
                () -> new AssertionError(runId + " not in " + plan.rungs().stream().map(Rung::runId).toList()));
    }
}
