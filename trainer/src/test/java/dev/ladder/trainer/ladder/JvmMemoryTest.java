package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.trainer.cli.ExitCode;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory limits of training JVMs, and that the fast engine's resident memory stays flat under them. */
class JvmMemoryTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    /** configs/tiny.json: the synthetic default corpus (8M characters, char tokens, 16 MB of token files). */
    private static final JvmMemory.Corpus SYNTHETIC_DEFAULT = new JvmMemory.Corpus(8_000_000, 8_000_000, 16_000_014);

    @Test
    void tinyConfigGetsASmallHeapAndItsEstimateWithHeadroom() {
        ModelConfig tiny = new ModelConfig(2, 2, 64, 64, 43, true);
        JvmMemory memory = JvmMemory.forTraining(tiny, 8, Engine.Kind.FAST, Device.CPU, SYNTHETIC_DEFAULT);
        assertThat(memory.flags()).containsExactly("-Xmx320m", "-Dorg.bytedeco.javacpp.maxbytes=320m",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=640m");
        assertThat(memory.residentBytes()).isEqualTo(memory.heapBytes() + memory.offHeapBytes())
                .isGreaterThanOrEqualTo(memory.heapBytes() + MemoryCheck.bytes(tiny, 8) * 3 / 2
                        + SYNTHETIC_DEFAULT.fileBytes());
    }

    @Test
    void heapGrowsWithParametersAndCorpusAndTheOffHeapLimitWithActivations() {
        ModelConfig small = new ModelConfig(6, 6, 384, 128, 96, true);
        ModelConfig wide = new ModelConfig(8, 16, 1024, 128, 50_257, false);
        JvmMemory a = JvmMemory.forTraining(small, 32, Engine.Kind.FAST, Device.CPU, JvmMemory.Corpus.NONE);
        JvmMemory b = JvmMemory.forTraining(wide, 32, Engine.Kind.FAST, Device.CPU, JvmMemory.Corpus.NONE);
        assertThat(a.heapBytes()).isEqualTo(384 * MIB);
        assertThat(b.heapBytes()).isGreaterThan(a.heapBytes()).isLessThan(2048 * MIB);
        assertThat(b.heapBytes() % (64 * MIB)).isZero();
        JvmMemory bigCorpus = JvmMemory.forTraining(small, 32, Engine.Kind.FAST, Device.CPU,
                new JvmMemory.Corpus(100_000_000, 25_000_000, 50_000_000));
        assertThat(bigCorpus.heapBytes() - a.heapBytes()).as("4 bytes per char and token, rounded to 64 MiB")
                .isBetween(500_000_000L - 64 * MIB, 500_000_000L + 64 * MIB);
        assertThat(bigCorpus.offHeapBytes() - a.offHeapBytes()).as("the token files")
                .isBetween(50_000_000L - 64 * MIB, 50_000_000L + 64 * MIB);
        JvmMemory bigBatch = JvmMemory.forTraining(small, 128, Engine.Kind.FAST, Device.CPU, JvmMemory.Corpus.NONE);
        assertThat(bigBatch.heapBytes()).isEqualTo(a.heapBytes());
        assertThat(bigBatch.offHeapBytes()).as("4x the activations").isGreaterThan(5 * a.offHeapBytes() / 2);
    }

    @Test
    void referenceEngineAndCudaGetTheHeapButNoOffHeapLimit() {
        ModelConfig model = new ModelConfig(2, 2, 64, 128, 96, true);
        for (JvmMemory m : List.of(
                JvmMemory.forTraining(model, 32, Engine.Kind.SAMEDIFF, Device.CPU, JvmMemory.Corpus.NONE),
                JvmMemory.forTraining(model, 32, Engine.Kind.FAST, Device.CUDA, JvmMemory.Corpus.NONE))) {
            assertThat(m.flags()).containsExactly("-Xmx320m", "-Dorg.bytedeco.javacpp.maxbytes=0",
                    "-Dorg.bytedeco.javacpp.maxphysicalbytes=0");
        }
    }

    /**
     * A worker of a tiny model (dModel 32, 2 layers) trains 300 steps (with its evaluations and checkpoints) under
     * its limits; its resident memory after step 50 and its peak over the whole run differ by less than 50 MB.
     */
    @Test
    void fastEngineResidentMemoryStaysFlatOverSteps() throws Exception {
        assumeThat(Files.isReadable(Path.of("/proc/self/status"))).as("Linux /proc").isTrue();
        Path config = dir.resolve("flat.json");
        Files.writeString(config, "{\"model\": {\"nLayer\": 2, \"nHead\": 2, \"dModel\": 32, \"seqLen\": 32},"
                + " \"data\": {\"corpus\": \"synthetic:markov\"},"
                + " \"train\": {\"batchSize\": 4, \"tokens\": 38400, \"evalBatches\": 2, \"threads\": 1}}");
        Path cache = dir.resolve("cache");
        PreparedCorpus corpus = TokenCache.prepare("synthetic:markov", "char", cache, 0.1, 0);
        ModelConfig model = new ModelConfig(2, 2, 32, 32, corpus.tokenizer().vocabSize(), true);
        JvmMemory memory = JvmMemory.forTraining(model, 4, Engine.Kind.FAST, Device.CPU,
                JvmMemory.Corpus.of(corpus));
        Path runs = dir.resolve("runs");
        Path log = dir.resolve("train.log");
        Process child = new ProcessBuilder(ChildJvm.ladder(memory, List.of("train", config.toString(), "--out",
                runs.toString(), "--cache-dir", cache.toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path runDir = runs.resolve("single/flat-L2-d32-s1");
        while (child.isAlive() && lastStep(runDir.resolve("metrics.jsonl")) < 50) Thread.sleep(10);
        long afterStep50 = residentBytes(child.pid());
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(ExitCode.OK);
        assertThat(afterStep50).as("the worker ended before it could be measured").isPositive();
        RunSummary summary = RunJson.readSummary(runDir.resolve("summary.json"));
        assertThat(summary.steps()).isEqualTo(300);
        assertThat(summary.peakRssBytes()).isNotNull();
        assertThat(summary.peakRssBytes() - afterStep50)
                .as("peak %d bytes less resident memory after step 50, %d bytes", summary.peakRssBytes(), afterStep50)
                .isLessThan(50_000_000);
        assertThat(summary.peakRssBytes()).isLessThan(memory.residentBytes());
    }

    private static long lastStep(Path metrics) throws IOException {
        if (!Files.isRegularFile(metrics)) return 0;
        try (Stream<String> lines = Files.lines(metrics)) {
            return lines.filter(l -> l.contains("\"type\":\"step\"")).count();
        }
    }

    /** VmRSS of a live process, bytes; 0 once it has ended. */
    private static long residentBytes(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        List<String> lines;
        try {
            lines = Files.readAllLines(status);
        } catch (NoSuchFileException e) {
            return 0;
        }
        return lines.stream().filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
    }
}
