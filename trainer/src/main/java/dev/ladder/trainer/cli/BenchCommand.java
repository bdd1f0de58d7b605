package dev.ladder.trainer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.ladder.ChildJvm;
import dev.ladder.trainer.ladder.JvmMemory;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.train.Backend;
import dev.ladder.trainer.train.Bench;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ladder bench}: training tokens/s, ms/step, MFU and peak resident memory of model shapes on this machine,
 * each shape in its own JVM (started like a {@code ladder run} worker, under the memory limits of its shape), so no
 * shape carries the memory or JIT state of the one before.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure training tokens/s, MFU and peak memory of model shapes on this machine.",
        description = {"", "Each shape trains on random tokens in its own process, with the JVM memory limits a worker"
                + " of that shape gets; the median of --steps timed steps after --warmup untimed ones is reported."
                + " MFU = tokens/s x FLOPs per token (Chinchilla exact count) / the sgemm peak measured in that"
                + " process. Peak RSS is the process's peak resident memory after the timed steps.", ""})
public final class BenchCommand implements Callable<Integer> {

    /** d_model / layers / heads of the standard shapes (configs A-D of the throughput notes). */
    static final String STANDARD_SHAPES = "64/2/2,128/4/4,256/4/4,384/6/6";

    @Option(names = "--shapes", paramLabel = "d/L/H,...", defaultValue = STANDARD_SHAPES,
            description = "Comma-separated shapes, dModel/layers/heads (default: " + STANDARD_SHAPES + ").")
    String shapes;

    @Option(names = "--one-shape", paramLabel = "d/L/H", hidden = true,
            description = "Measure this one shape in this process (what each child process runs).")
    String oneShape;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: 32).")
    int batchSize;

    @Option(names = "--seq", defaultValue = "128", description = "Context length (default: 128).")
    int seqLen;

    @Option(names = "--vocab", defaultValue = "96", description = "Vocabulary size (default: 96, a char vocabulary).")
    int vocabSize;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps per shape (default: 3).")
    int warmup;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps per shape (default: 10).")
    int steps;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads; 0 = all cores (default: 0).")
    int threads;

    @Option(names = "--device", defaultValue = "CPU", description = "${COMPLETION-CANDIDATES} (default: CPU).")
    Device device;

    @Option(names = "--engine", defaultValue = "FAST",
            description = "${COMPLETION-CANDIDATES} (default: FAST).")
    Engine.Kind engine;

    @Option(names = "--json", description = "Print a JSON array, one object per shape, instead of the table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        if (oneShape != null) {
            Bench.Shape shape = Bench.Shape.parse("--one-shape", oneShape);
            Backend backend = Backend.start(device, threads);
            Bench.Measurement m = Bench.measure(shape, engine, backend, batchSize, seqLen, vocabSize, warmup,
                    steps);
            out.println(toJson(m));
            out.flush();
            return ExitCode.OK;
        }
        List<Bench.Shape> list = Arrays.stream(shapes.split(",", -1)).map(s -> Bench.Shape.parse("--shapes", s))
                .toList();
        if (!json) {
            out.printf(Locale.ROOT, "engine %s, batch %d, context %d, vocab %d; each shape in its own process%n",
                    engine.name().toLowerCase(Locale.ROOT), batchSize, seqLen, vocabSize);
            out.printf(Locale.ROOT, "%-12s %-9s %8s %12s %10s %7s %14s %6s%n", "shape", "engine", "threads",
                    "tokens/s", "ms/step", "MFU", "peak RSS (MB)", "SIMD");
            out.flush();
        }
        List<Bench.Measurement> results = new ArrayList<>();
        for (Bench.Shape shape : list) {
            Bench.Measurement m = inChild(shape);
            results.add(m);
            if (!json) {
                out.printf(Locale.ROOT, "%-12s %-9s %8d %12.0f %10.1f %6.1f%% %14s %6s%n", m.shape(), m.engine(),
                        m.threads(), m.tokensPerSecond(), m.msPerStep(), 100 * m.mfu(),
                        m.peakRssBytes() == null ? "n/a" : String.format(Locale.ROOT, "%.0f", m.peakRssBytes() / 1e6),
                        m.vectorBits() == null ? "-" : m.vectorBits() + "b");
                out.flush();
            }
        }
        if (json) out.println(toJson(results));
        out.flush();
        return ExitCode.OK;
    }

    private void checkOptions() {
        if (batchSize < 1) throw InvalidInputException.outOfRange("command line", "--batch", batchSize, ">= 1");
        if (warmup < 0) throw InvalidInputException.outOfRange("command line", "--warmup", warmup, ">= 0");
        if (steps < 1) throw InvalidInputException.outOfRange("command line", "--steps", steps, ">= 1");
        if (threads < 0) throw InvalidInputException.outOfRange("command line", "--threads", threads, ">= 0");
        if (seqLen < 1 || seqLen > ModelConfig.MAX_SEQ_LEN) {
            throw InvalidInputException.outOfRange("command line", "--seq", seqLen, "[1, " + ModelConfig.MAX_SEQ_LEN
                    + "]");
        }
        if (vocabSize < 2) throw InvalidInputException.outOfRange("command line", "--vocab", vocabSize, ">= 2");
    }

    /** Runs {@code ladder bench --one-shape} for {@code shape} in a child JVM and reads back its JSON line. */
    private Bench.Measurement inChild(Bench.Shape shape) {
        JvmMemory memory = JvmMemory.forTraining(shape.model(seqLen, vocabSize), batchSize, engine, device,
                JvmMemory.Corpus.NONE);
        List<String> command = ChildJvm.ladder(memory, List.of("bench", "--one-shape", shape.toString(),
                "--engine", engine.name(), "--device", device.name(), "--threads", Integer.toString(threads),
                "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup),
                "--batch", Integer.toString(batchSize), "--seq", Integer.toString(seqLen),
                "--vocab", Integer.toString(vocabSize)));
        String output;
        int exit;
        Process child = null;
        try {
            child = ChildJvm.limitThreads(new ProcessBuilder(command), threads).redirectErrorStream(true).start();
            child.getOutputStream().close();
            output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = child.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the bench of shape " + shape, e);
        } catch (InterruptedException e) {
            child.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while benchmarking shape " + shape, e);
        }
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (exit != ExitCode.OK || !last.startsWith("{")) {
            throw new IllegalStateException("the bench process of shape " + shape + " (" + String.join(" ",
                    memory.flags()) + ") ended with exit code " + exit + ":" + System.lineSeparator() + output);
        }
        try {
            return RunJson.MAPPER.readValue(last, Bench.Measurement.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the bench process of shape " + shape + " printed " + last, e);
        }
    }

    private static String toJson(Object value) {
        try {
            return RunJson.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }
}
