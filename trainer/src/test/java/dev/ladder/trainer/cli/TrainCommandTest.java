package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ladder.data.runlog.MetricsLog;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.trainer.ladder.MemoryCheck;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.train.RunLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

    @TempDir
    static Path cache;
    @TempDir
    Path dir;

    private static final String TINY = "{\"model\": {\"nLayer\": 1, \"nHead\": 2, \"dModel\": 16, \"seqLen\": 16},"
            + " \"optim\": {\"lr\": 0.003}, \"train\": {\"batchSize\": 4, \"tokens\": %d, \"evalBatches\": 2,"
            + " \"threads\": 1}}";

    private record Result(int exitCode, String out, String err) { }

    private Result ladder(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LadderCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path config(long tokens) throws IOException {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, String.format(TINY, tokens));
        return file;
    }

    @Test
    void trainsThenSkipsACompletedRunRemovingAStaleLock() throws Exception {
        Path config = config(1280);
        Path runs = dir.resolve("runs");
        Result first = ladder("train", config.toString(), "--out", runs.toString(), "--cache-dir", cache.toString());
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.OK);
        assertThat(first.out()).contains("tiny-L1-d16-s1: completed after 20 steps");
        assertThat(runs.resolve("single/tiny-L1-d16-s1/summary.json")).isRegularFile();
        // a worker killed after its run completed but before it deleted its lock leaves the lock behind
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path lock = runs.resolve("single/tiny-L1-d16-s1").resolve(RunLock.FILE_NAME);
        Files.writeString(lock, gone.pid() + " " + InetAddress.getLocalHost().getHostName());
        Result again = ladder("train", config.toString(), "--out", runs.toString(), "--cache-dir", cache.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(again.out()).contains("already completed");
        assertThat(lock).as("the dead process's lock is removed").doesNotExist();
    }

    @Test
    void summaryRecordsThePeakResidentMemoryOfTheTrainingProcess() throws IOException {
        assumeThat(Files.isReadable(Path.of("/proc/self/status"))).as("Linux /proc").isTrue();
        Path runs = dir.resolve("runs");
        Result result = ladder("train", config(640).toString(), "--out", runs.toString(), "--cache-dir",
                cache.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.OK);
        RunSummary summary = RunJson.readSummary(runs.resolve("single/tiny-L1-d16-s1/summary.json"));
        assertThat(summary.peakRssBytes()).isNotNull().isPositive();
    }

    @Test
    void badConfigIsInvalidInputNamingFileAndField() throws IOException {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "{\"model\": {\"dModel\": 30, \"nHead\": 4}}");
        Result result = ladder("train", config.toString(), "--out", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains(config.toString()).contains("model.dModel = 30").doesNotContain("\tat ");
    }

    @Test
    void cudaWithoutTheCudaBackendIsInvalidInput() throws IOException {
        Result result = ladder("train", config(1280).toString(), "--device", "CUDA", "--out", dir.toString(),
                "--cache-dir", cache.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("train.device = CUDA is not available").contains("-Pcuda");
    }

    @Test
    void sigtermStopsAChildProcessWithExitCode3AndTheResumedLossesEqualAnUninterruptedRun() throws Exception {
        Path config = config(9600);
        Path straight = dir.resolve("straight");
        assertThat(ladder("train", config.toString(), "--out", straight.toString(), "--cache-dir",
                cache.toString()).exitCode()).isEqualTo(ExitCode.OK);

        Path stopped = dir.resolve("stopped");
        Path metrics = stopped.resolve("single/tiny-L1-d16-s1/metrics.jsonl");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train",
                config.toString(), "--out", stopped.toString(), "--cache-dir", cache.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        while (child.isAlive() && stepLines(metrics) < 20) Thread.sleep(10);
        child.destroy();   // SIGTERM
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isEqualTo(ExitCode.INTERRUPTED);
        RunSummary interrupted = RunJson.readSummary(metrics.resolveSibling("summary.json"));
        assertThat(interrupted.status()).isEqualTo(RunSummary.Status.INTERRUPTED);
        assertThat(interrupted.steps()).isBetween(20L, 149L);

        Result resumed = ladder("train", config.toString(), "--out", stopped.toString(), "--cache-dir",
                cache.toString());
        assertThat(resumed.exitCode()).isEqualTo(ExitCode.OK);
        MetricsLog a = RunLogReader.read(straight.resolve("single/tiny-L1-d16-s1/metrics.jsonl"));
        MetricsLog b = RunLogReader.read(metrics);
        assertThat(b.steps()).hasSize(150);
        assertThat(b.steps().stream().map(s -> s.trainLoss()).toList())
                .isEqualTo(a.steps().stream().map(s -> s.trainLoss()).toList());
        assertThat(b.evals().stream().map(e -> e.valLoss()).toList())
                .isEqualTo(a.evals().stream().map(e -> e.valLoss()).toList());
    }

    @Test
    void aModelTooLargeForThisMachineIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path runs = dir.resolve("runs");
        Result huge = ladder("train", config(1280).toString(), "--set", "model.dModel=65536", "--set",
                "model.nLayer=20", "--set", "model.nHead=64", "--out", runs.toString(), "--cache-dir",
                cache.toString());
        assertThat(huge.exitCode()).as(huge.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(huge.err()).contains("tiny.json").contains("1.03e+12 parameters").contains("GB")
                .contains("80% of this machine's").doesNotContain("overflow");
        assertThat(runs).doesNotExist();

        // about 2e9 parameters: 34 GB by the estimate, refused wherever 80% of the memory is less
        ModelConfig twoBillion = new ModelConfig(13, 28, 3584, 16, 2, true);
        assumeThat(MemoryCheck.bytes(twoBillion, 4)).as("a machine this large fits the model")
                .isGreaterThan((long) (0.8 * MemoryCheck.physicalBytes()));
        Result large = ladder("train", config(1280).toString(), "--set", "model.dModel=3584", "--set",
                "model.nLayer=13", "--set", "model.nHead=28", "--out", runs.toString(), "--cache-dir",
                cache.toString());
        assertThat(large.exitCode()).as(large.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(large.err()).contains("2.00e+09 parameters").contains("is out of range; allowed: <=");
        assertThat(runs).doesNotExist();
    }

    @Test
    void aSignalDuringSetUpExits3AndLeavesNoLockAndASecondOneAbortsTheSameWay() throws Exception {
        Path config = config(96_000);
        for (int signals = 1; signals <= 2; signals++) {
            Path out = dir.resolve("signals-" + signals);
            Path lock = out.resolve("single/tiny-L1-d16-s1/lock");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "train", config.toString(), "--out", out.toString(), "--cache-dir",
                    cache.toString()));
            Path log = dir.resolve("signals-" + signals + ".log");
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            while (child.isAlive() && !Files.exists(lock)) Thread.sleep(2);
            for (int i = 0; i < signals; i++) {
                child.destroy();   // SIGTERM, as soon as the lock is taken: the model is being set up
                Thread.sleep(50);
            }
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(ExitCode.INTERRUPTED);
            assertThat(lock).as(Files.readString(log)).doesNotExist();
        }
    }

    private static long stepLines(Path metrics) throws IOException {
        if (!Files.isRegularFile(metrics)) return 0;
        try (Stream<String> lines = Files.lines(metrics)) {
            return lines.filter(l -> l.contains("\"type\":\"step\"")).count();
        }
    }
}
