package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.trainer.cli.ExitCode;
import dev.ladder.trainer.cli.Main;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.model.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ladder run} as a user runs it: real worker processes. Killing the runner at a random moment and running the
 * same command again must finish the ladder with exactly the final losses of an uninterrupted run.
 */
class LadderRunTest {

    static final String LADDER = "{\"name\": \"kill\", \"run\": {\"model\": {\"seqLen\": 16},"
            + " \"optim\": {\"lr\": 0.003},"
            + " \"train\": {\"batchSize\": 4, \"evalBatches\": 2}},"
            + " \"grid\": {\"shapes\": [\"3.3k\", \"L1-d24-h2\", \"13k\"], \"tokensPerParam\": [4]},"
            + " \"batchExponent\": 0}";

    @TempDir
    static Path cache;
    @TempDir
    Path dir;

    @Test
    void killedLadderResumesToTheSameFinalLossesAsAnUninterruptedOne() throws Exception {
        Path config = dir.resolve("kill.json");
        Files.writeString(config, LADDER);

        Path straight = dir.resolve("straight");
        Process full = ladder(config, straight, "straight.log");
        assertThat(full.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(full.exitValue()).as(log("straight.log")).isEqualTo(ExitCode.OK);
        Map<String, Double> expected = finalLosses(straight.resolve("kill"));
        assertThat(expected).hasSize(3);

        Path killed = dir.resolve("killed");
        Process first = ladder(config, killed, "first.log");
        long seed = System.nanoTime();
        long killAfterMillis = 500 + new Random(seed).nextInt(6000);
        while (first.isAlive() && first.descendants().findAny().isEmpty()) Thread.sleep(20);
        Thread.sleep(killAfterMillis);
        List<ProcessHandle> workers = first.descendants().toList();
        assertThat(workers).as("workers running at the kill; " + log("first.log")).isNotEmpty();
        first.destroyForcibly();   // SIGKILL: no chance to clean up; its workers see their input close
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle worker : workers) {
            assertThat(worker.onExit().get(60, TimeUnit.SECONDS).isAlive()).as("orphaned worker").isFalse();
        }

        Plan plan = Plan.read(killed.resolve("kill").resolve(Plan.FILE_NAME));
        assertThat(plan.rungs().stream().filter(r -> RungStatus.read(killed.resolve("kill"), r).state()
                == RungStatus.State.COMPLETED)).as("the kill left work to do").hasSizeLessThan(3);

        Process second = ladder(config, killed, "second.log");
        assertThat(second.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(log("second.log")).isEqualTo(ExitCode.OK);
        assertThat(finalLosses(killed.resolve("kill")))
                .as("killed " + killAfterMillis + " ms after the first worker started (seed " + seed + ")")
                .isEqualTo(expected);
    }

    /** One shape: a stable run and 3 WSD branches, which one worker trains one after another. */
    static final String WSD_LADDER = "{\"name\": \"wsd\", \"run\": {\"model\": {\"seqLen\": 16},"
            + " \"optim\": {\"lr\": 0.003}, \"train\": {\"batchSize\": 4, \"evalBatches\": 2}},"
            + " \"rungs\": [{\"shape\": \"L1-d16-h2\", \"tokens\": 640}, {\"shape\": \"L1-d16-h2\", \"tokens\": 1280},"
            + " {\"shape\": \"L1-d16-h2\", \"tokens\": 1920}], \"minSteps\": 1, \"batchExponent\": 0,"
            + " \"wsd\": {\"cooldown\": 0.2}}";

    @Test
    void oneWorkerTrainsRungAfterRungToTheLossesOfOneProcessPerRung() throws Exception {
        Path config = dir.resolve("wsd.json");
        Files.writeString(config, WSD_LADDER);
        Path served = dir.resolve("served");
        Process run = ladder(config, served, "served.log", 1);
        assertThat(run.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(log("served.log")).isEqualTo(ExitCode.OK);
        Path ladderDir = served.resolve("wsd");
        Plan plan = Plan.read(ladderDir.resolve(Plan.FILE_NAME));
        assertThat(plan.rungs()).hasSize(4);
        Set<String> workers = new HashSet<>();
        for (Rung rung : plan.rungs()) {
            String first = Files.readAllLines(ladderDir.resolve(rung.runId()).resolve("train.log")).get(0);
            assertThat(first).startsWith("ladder run: worker ").contains("--serve");
            workers.add(first.split(" ")[3]);
        }
        assertThat(workers).as("worker pids").hasSize(1);

        Path alone = dir.resolve("alone");
        Files.createDirectories(alone.resolve("wsd"));
        Path planFile = alone.resolve("wsd").resolve(Plan.FILE_NAME);
        plan.write(planFile);
        List<Rung> parentsFirst = new ArrayList<>(plan.rungs());
        parentsFirst.sort(Comparator.comparingInt(r -> r.parentIds().size()));
        for (Rung rung : parentsFirst) {
            JvmMemory memory = JvmMemory.forTraining(rung.model(), 4, Engine.Kind.FAST, Device.CPU,
                    JvmMemory.Corpus.NONE);
            Process one = ChildJvm.limitThreads(new ProcessBuilder(ChildJvm.ladder(memory, List.of("train", "--plan",
                    planFile.toString(), "--rung", Integer.toString(rung.index()), "--out", alone.toString(),
                    "--threads", "1", "--cache-dir", cache.toString()))), 1).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("alone.log").toFile()).start();
            assertThat(one.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(one.exitValue()).as(log("alone.log")).isEqualTo(ExitCode.OK);
        }
        assertThat(finalLosses(ladderDir)).isEqualTo(finalLosses(alone.resolve("wsd")));
    }

    private Process ladder(Path config, Path out, String logName) throws IOException {
        return ladder(config, out, logName, 2);
    }

    private Process ladder(Path config, Path out, String logName, int workers) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                config.toString(), "--out", out.toString(), "--workers", Integer.toString(workers), "--threads", "1",
                "--cache-dir", cache.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile())
                .start();
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    static Map<String, Double> finalLosses(Path ladderDir) {
        Map<String, Double> losses = new LinkedHashMap<>();
        for (Rung rung : Plan.read(ladderDir.resolve(Plan.FILE_NAME)).rungs()) {
            RunSummary summary = RunJson.readSummary(ladderDir.resolve(rung.runId()).resolve("summary.json"));
            assertThat(summary.status()).isEqualTo(RunSummary.Status.COMPLETED);
            losses.put(rung.runId(), summary.finalValLoss());
        }
        return losses;
    }
}
