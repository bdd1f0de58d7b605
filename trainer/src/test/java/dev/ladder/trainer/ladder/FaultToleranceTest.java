package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.corpus.Corpora;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.FaultPoint;
import dev.ladder.data.runlog.MetricsLog;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.runlog.RunLogWriter;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.runlog.StepRecord;
import dev.ladder.trainer.cli.ExitCode;
import dev.ladder.trainer.cli.Main;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.model.Parameters;
import dev.ladder.trainer.train.AdamW;
import dev.ladder.trainer.train.Checkpoints;
import dev.ladder.trainer.train.RunLock;
import dev.ladder.trainer.train.TrainState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults survived by real worker processes ({@code ladder train --plan --rung}, what {@code ladder run} starts) on a
 * two-rung ladder: kill -9 at named points inside checkpoint writes and log appends ({@link FaultPoint}) and at
 * seeded random moments, a disk that fills (an injected "No space left on device", and a real full tmpfs where this
 * test may mount one), two {@code ladder run} on one ladder at once, and corrupt or cut-short checkpoints, metrics
 * lines and summaries. After each, the finished run must equal an uninterrupted one step for step, and nothing a run
 * wrote may have been deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultToleranceTest {

    static final String LADDER = "{\"name\": \"faults\", \"run\": {\"model\": {\"seqLen\": 16},"
            + " \"optim\": {\"lr\": 0.003}, \"data\": {\"corpus\": \"synthetic:default?chars=200000\"},"
            + " \"train\": {\"batchSize\": 4, \"evalBatches\": 2, \"evalEvery\": 10, \"checkpointEvery\": 5,"
            + " \"threads\": 1}}, \"grid\": {\"shapes\": [\"0.9k\", \"3.3k\"], \"tokensPerParam\": [2]},"
            + " \"minSteps\": 1, \"batchExponent\": 0}";
    /** Exit code of a process ended by SIGKILL (128 + 9), also what {@link FaultPoint} halts with. */
    static final int KILLED = 137;
    static final long TIMEOUT_SECONDS = 600;

    @TempDir
    static Path dir;

    private Path cache;
    private Path config;
    private Plan plan;
    private Path planFile;
    private final List<MetricsLog> reference = new ArrayList<>();
    private final List<Double> referenceFinal = new ArrayList<>();
    private final List<Long> referenceMillis = new ArrayList<>();

    /** Plans the ladder and trains each rung once, uninterrupted: the run every faulted one must equal. */
    @BeforeAll
    void trainReference() throws Exception {
        cache = dir.resolve("cache");
        config = dir.resolve("faults.json");
        Files.writeString(config, LADDER);
        plan = Planner.plan(config, cache);
        // the first run start on a corpus computes its context floor into the cache (seconds); do it here, so that
        // the reference times, which place the random kills, are those of a typical start
        Corpora.contextFloor("synthetic:default?chars=200000", 16, cache);
        planFile = dir.resolve(Plan.FILE_NAME);
        plan.write(planFile);
        Path out = dir.resolve("reference");
        List<Process> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (Rung rung : plan.rungs()) workers.add(worker(out, rung.index(), null, "reference-" + rung.index()));
        for (int i = 0; i < workers.size(); i++) {
            assertThat(exit(workers.get(i))).as(log("reference-" + i)).isEqualTo(ExitCode.OK);
            referenceMillis.add((System.nanoTime() - start) / 1_000_000);
            Path run = runDir(out, plan.rungs().get(i));
            reference.add(RunLogReader.read(run.resolve("metrics.jsonl")));
            referenceFinal.add(RunJson.readSummary(run.resolve("summary.json")).finalValLoss());
        }
    }

    @Test
    void killedAtNamedPointsAndRandomMomentsEveryRungFinishesAsIfUninterrupted() throws Exception {
        Path out = dir.resolve("killed");
        List<List<String>> named = List.of(
                List.of("metrics.line:1", "checkpoint.arrays:1", "json.write:2", "checkpoint.rename:2",
                        "metrics.line:7", "checkpoint.arrays:2"),
                List.of("json.write:1", "checkpoint.rename:1", "metrics.line:30", "checkpoint.arrays:3",
                        "json.write:3"));
        Random random = new Random(20_261_129L);
        int namedKills = 0;
        int randomKills = 0;
        int attempts = 0;
        for (Rung rung : plan.rungs()) {
            for (String point : named.get(rung.index())) {
                String name = "named-" + rung.index() + "-" + point.replace(':', '-');
                int code = exit(worker(out, rung.index(), point, name));
                attempts++;
                assertThat(code).as("%s: %s", point, log(name)).isIn(KILLED, ExitCode.OK);
                if (code == KILLED) namedKills++;
            }
            finish(out, rung, "finish-" + rung.index());
            assertSameAsReference(out, rung);
            // random moments, from a fresh start in a folder of their own (the named kills left little to do):
            // 7 per rung; a run that finishes before its kill is checked and the kills go on from a fresh start in
            // a new folder, so how fast this machine starts a JVM does not decide how many kills there are
            int restarts = 0;
            Path fresh = dir.resolve("random-" + rung.index() + "-0");
            int target = (rung.index() + 1) * 7 - randomKills;
            for (int k = 0, kills = 0; kills < target && k < 4 * target; k++) {
                long delay = (long) (referenceMillis.get(rung.index()) * (0.05 + 0.4 * random.nextDouble()));
                String name = "random-" + rung.index() + "-" + k;
                Process worker = worker(fresh, rung.index(), null, name);
                attempts++;
                if (worker.waitFor(delay, TimeUnit.MILLISECONDS)) {
                    assertThat(worker.exitValue()).as(log(name)).isEqualTo(ExitCode.OK);
                    assertSameAsReference(fresh, rung);
                    fresh = dir.resolve("random-" + rung.index() + "-" + ++restarts);
                    continue;
                }
                worker.destroyForcibly();   // SIGKILL
                int code = exit(worker);
                assertThat(code).as(log(name)).isIn(KILLED, ExitCode.OK);
                if (code == KILLED) {
                    randomKills++;
                    kills++;
                }
            }
            finish(fresh, rung, "finish-random-" + rung.index());
            assertSameAsReference(fresh, rung);
        }
        System.out.printf("fault tolerance: %d kill points survived (%d at named points, %d at random moments)"
                + " over %d worker starts; data lost: none%n", namedKills + randomKills, namedKills, randomKills,
                attempts);
        assertThat(namedKills).as("named points reached").isGreaterThanOrEqualTo(9);
        assertThat(namedKills + randomKills).as("kill points").isGreaterThanOrEqualTo(20);
    }

    @Test
    void anInjectedFullDiskFailsTheRunClearlyAndKeepsThePreviousCheckpoint() throws Exception {
        Path out = dir.resolve("injected");
        Rung rung = plan.rungs().get(0);
        Path run = runDir(out, rung);

        assertThat(exit(worker(out, 0, "checkpoint.arrays:2:enospc", "full-checkpoint")))
                .as(log("full-checkpoint")).isEqualTo(ExitCode.FAILURE);
        assertThat(log("full-checkpoint")).contains("cannot write checkpoint " + run.resolve("checkpoint"))
                .contains("No space left on device").doesNotContain("internal error");
        assertFailedWithCheckpointAt(run, rung, 5);

        assertThat(exit(worker(out, 0, "metrics.line:4:enospc", "full-log"))).as(log("full-log"))
                .isEqualTo(ExitCode.FAILURE);
        assertThat(log("full-log")).contains("cannot write " + run.resolve("metrics.jsonl"))
                .contains("No space left on device");
        assertFailedWithCheckpointAt(run, rung, 5);

        finish(out, rung, "full-resumed");
        assertSameAsReference(out, rung);
    }

    @Test
    void aRealFullDiskFailsTheRunClearlyAndItResumesOnceThereIsRoom() throws Exception {
        Path mount = dir.resolve("tmpfs");
        Files.createDirectories(mount);
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mounting.waitFor(30, TimeUnit.SECONDS) && mounting.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN); the injected"
                + " full-disk test covers the same path");
        try {
            Rung rung = plan.rungs().get(1);
            Path run = runDir(mount, rung);
            Process worker = worker(mount, 1, null, "tmpfs");
            while (worker.isAlive() && !Files.isDirectory(run.resolve("checkpoint"))) Thread.sleep(20);
            Path filler = mount.resolve("filler");
            fill(filler);
            assertThat(exit(worker)).as(log("tmpfs")).isIn(ExitCode.FAILURE, ExitCode.INVALID_INPUT);
            assertThat(log("tmpfs")).contains("No space left on device").contains(run.toString())
                    .doesNotContain("internal error");
            Files.delete(filler);
            assertThat(loadCheckpoint(run, rung)).as("the previous checkpoint is valid").isPresent();
            finish(mount, rung, "tmpfs-resumed");
            assertSameAsReference(mount, rung);
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoLadderRunsAtOnceTrainEachRungExactlyOnce() throws Exception {
        Path out = dir.resolve("twice");
        Process first = ladderRun(out, "run-1");
        Process second = ladderRun(out, "run-2");
        int a = exit(first);
        int b = exit(second);
        assertThat(List.of(a, b)).as("each waits for the rungs the other trains; " + log("run-1") + log("run-2"))
                .containsExactly(ExitCode.OK, ExitCode.OK);
        for (Rung rung : plan.rungs()) {
            Path metrics = runDir(out, rung).resolve("metrics.jsonl");
            long stepLines;
            try (Stream<String> lines = Files.lines(metrics)) {
                stepLines = lines.filter(l -> l.contains("\"type\":\"step\"")).count();
            }
            MetricsLog log = RunLogReader.read(metrics);
            assertThat(stepLines).as("%s: every step logged once, so trained once", rung.runId())
                    .isEqualTo(log.steps().size()).isEqualTo(reference.get(rung.index()).steps().size());
            assertSameAsReference(out, rung);
        }
    }

    @Test
    void corruptCheckpointCutLogLineAndCutSummaryAreReportedKeptAndRecoveredFrom() throws Exception {
        Path out = dir.resolve("corrupt");
        Rung rung = plan.rungs().get(0);
        Path run = runDir(out, rung);
        assertThat(exit(worker(out, 0, "metrics.line:23", "cut"))).as(log("cut")).isEqualTo(KILLED);
        List<String> warnings = RunLogReader.read(run.resolve("metrics.jsonl")).warnings();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("skipped truncated last line");
        String metrics = Files.readString(run.resolve("metrics.jsonl"));
        String fragment = metrics.substring(metrics.lastIndexOf('\n') + 1);
        Path arrays = run.resolve("checkpoint").resolve("arrays.bin");
        byte[] corrupt = Files.readAllBytes(arrays);
        corrupt[corrupt.length / 2] ^= 0x40;
        Files.write(arrays, corrupt);

        finish(out, rung, "recovered");
        assertThat(log("recovered")).contains("corrupt checkpoint").contains("CRC-32")
                .contains(run.resolve("checkpoint.corrupt-1").toString()).contains("last line was cut off");
        assertThat(run.resolve("checkpoint.corrupt-1").resolve("arrays.bin")).hasBinaryContent(corrupt);
        assertThat(run.resolve("metrics.jsonl" + RunLogWriter.PARTIAL_SUFFIX)).hasContent(fragment + "\n");
        assertSameAsReference(out, rung);

        Path summary = run.resolve("summary.json");
        byte[] whole = Files.readAllBytes(summary);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        Files.write(summary, cut);
        assertThat(RungStatus.read(out.resolve(plan.ladder()), rung).state()).isEqualTo(RungStatus.State.INTERRUPTED);
        assertThat(RunReader.readRun(run).summary()).isEmpty();
        assertThat(RunReader.readRun(run).metrics().warnings()).anySatisfy(w -> assertThat(w)
                .contains(summary.toString()).contains("treated as unfinished"));

        finish(out, rung, "summary-recovered");
        assertThat(log("summary-recovered")).contains("moved it to " + run.resolve("summary.json.corrupt-1"));
        assertThat(run.resolve("summary.json.corrupt-1")).hasBinaryContent(cut);
        assertSameAsReference(out, rung);
    }

    /** Runs the rung until it completes, allowing no faults. */
    private void finish(Path out, Rung rung, String name) throws Exception {
        assertThat(exit(worker(out, rung.index(), null, name))).as(log(name)).isEqualTo(ExitCode.OK);
    }

    /**
     * The finished run equals the uninterrupted one: every step once, with the same loss, every eval with the same
     * loss, the same final loss, no lock left, a loadable checkpoint at the last step and no log warnings.
     */
    private void assertSameAsReference(Path out, Rung rung) throws IOException {
        Path run = runDir(out, rung);
        MetricsLog expected = reference.get(rung.index());
        MetricsLog log = RunLogReader.read(run.resolve("metrics.jsonl"));
        assertThat(log.warnings()).isEmpty();
        assertThat(log.steps().stream().map(StepRecord::step).toList()).as("every step, once")
                .isEqualTo(expected.steps().stream().map(StepRecord::step).toList());
        assertThat(log.steps().stream().map(StepRecord::trainLoss).toList())
                .isEqualTo(expected.steps().stream().map(StepRecord::trainLoss).toList());
        assertThat(log.evals().stream().map(EvalRecord::valLoss).toList())
                .isEqualTo(expected.evals().stream().map(EvalRecord::valLoss).toList());
        RunSummary summary = RunJson.readSummary(run.resolve("summary.json"));
        assertThat(summary.status()).isEqualTo(RunSummary.Status.COMPLETED);
        assertThat(summary.finalValLoss()).isEqualTo(referenceFinal.get(rung.index()));
        assertThat(run.resolve(RunLock.FILE_NAME)).doesNotExist();
        assertThat(loadCheckpoint(run, rung)).hasValueSatisfying(s -> assertThat(s.step())
                .isEqualTo(expected.steps().size()));
    }

    private void assertFailedWithCheckpointAt(Path run, Rung rung, long step) {
        RunSummary summary = RunJson.readSummary(run.resolve("summary.json"));
        assertThat(summary.status()).isEqualTo(RunSummary.Status.FAILED);
        assertThat(summary.message()).contains("No space left on device").contains("run the same command again");
        assertThat(summary.steps()).as("steps the log got to").isGreaterThanOrEqualTo(step);
        assertThat(RungStatus.read(run.getParent(), rung).state()).isEqualTo(RungStatus.State.FAILED);
        assertThat(loadCheckpoint(run, rung)).hasValueSatisfying(s -> assertThat(s.step()).isEqualTo(step));
        assertThat(run.resolve(RunLock.FILE_NAME)).doesNotExist();
    }

    private Optional<TrainState> loadCheckpoint(Path run, Rung rung) {
        RunConfig config = rung.runConfig(planFile.toString());
        return new Checkpoints(run.resolve("checkpoint")).load(Parameters.zeros(rung.model()),
                new AdamW(config.optim(), rung.model(), true));
    }

    private Path runDir(Path out, Rung rung) {
        return out.resolve(plan.ladder()).resolve(rung.runId());
    }

    /** Writes {@code file} until the file system is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream stream = Files.newOutputStream(file)) {
            while (true) stream.write(block);
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }
    }

    /** A worker as {@code ladder run} starts it, with {@link FaultPoint#ENV} set to {@code fault} unless null. */
    private Process worker(Path out, int rung, String fault, String logName) throws IOException {
        List<String> args = List.of("train", "--plan", planFile.toString(), "--rung", Integer.toString(rung),
                "--out", out.toString(), "--threads", "1", "--cache-dir", cache.toString());
        ProcessBuilder builder = new ProcessBuilder(java(args));
        builder.environment().remove(FaultPoint.ENV);
        if (fault != null) builder.environment().put(FaultPoint.ENV, fault);
        return builder.redirectErrorStream(true).redirectOutput(dir.resolve(logName + ".log").toFile()).start();
    }

    private Process ladderRun(Path out, String logName) throws IOException {
        List<String> args = List.of("run", config.toString(), "--out", out.toString(), "--workers", "1",
                "--threads", "1", "--cache-dir", cache.toString());
        return new ProcessBuilder(java(args)).redirectErrorStream(true)
                .redirectOutput(dir.resolve(logName + ".log").toFile()).start();
    }

    private static List<String> java(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(ChildJvm.VECTOR_API);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return command;
    }

    private static int exit(Process process) throws InterruptedException {
        assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("process ended").isTrue();
        return process.exitValue();
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log " + name + ": " + e.getMessage() + ")";
        }
    }
}
