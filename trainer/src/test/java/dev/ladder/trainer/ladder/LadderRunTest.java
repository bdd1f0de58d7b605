package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.trainer.cli.ExitCode;
import dev.ladder.trainer.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    private Process ladder(Path config, Path out, String logName) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                config.toString(), "--out", out.toString(), "--workers", "2", "--threads", "1", "--cache-dir",
                cache.toString()));
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
