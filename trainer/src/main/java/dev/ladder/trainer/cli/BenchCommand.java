package dev.ladder.trainer.cli;

import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.train.Backend;
import dev.ladder.trainer.train.Bench;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ladder bench}: training tokens/s and MFU of the standard shapes on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure training tokens/s and MFU of the standard model shapes on this machine.",
        description = {"", "Each shape trains on random tokens; the median of --steps timed steps after --warmup"
                + " untimed ones is reported. MFU = tokens/s x FLOPs per token (Chinchilla exact count) / sgemm peak.",
            "ND4J M2.1's resident memory grows with every step (about 24 GB by the 384/6/6 shape after the others"
                + " in one process): keep --warmup and --steps small, or use --shapes.", ""})
public final class BenchCommand implements Callable<Integer> {

    /** d_model / layers / heads of the standard shapes (configs A-D of the throughput notes). */
    private static final List<int[]> SHAPES = List.of(new int[] {64, 2, 2}, new int[] {128, 4, 4},
            new int[] {256, 4, 4}, new int[] {384, 6, 6});

    @Option(names = "--shapes", paramLabel = "N", defaultValue = "4",
            description = "How many of the shapes 64/2/2, 128/4/4, 256/4/4, 384/6/6 to run (default: 4).")
    int shapes;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: 32).")
    int batchSize;

    @Option(names = "--seq", defaultValue = "128", description = "Context length (default: 128).")
    int seqLen;

    @Option(names = "--vocab", defaultValue = "96", description = "Vocabulary size (default: 96, a char vocabulary).")
    int vocabSize;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps per shape (default: 3).")
    int warmup;

    @Option(names = "--steps", defaultValue = "3", description = "Timed steps per shape (default: 3).")
    int steps;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads; 0 = all cores (default: 0).")
    int threads;

    @Option(names = "--device", defaultValue = "CPU", description = "${COMPLETION-CANDIDATES} (default: CPU).")
    Device device;

    @Option(names = "--engine", defaultValue = "FAST", description = "${COMPLETION-CANDIDATES} (default: FAST).")
    Engine.Kind engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Backend backend = Backend.start(device, threads);
        PrintWriter out = spec.commandLine().getOut();
        double peak = Bench.sgemmPeak(1024, 5);
        out.printf(Locale.ROOT, "%s, %d threads, sgemm peak %.1f GFLOP/s; batch %d, context %d, vocab %d%n",
                backend.name(), backend.threads(), peak / 1e9, batchSize, seqLen, vocabSize);
        out.printf(Locale.ROOT, "%-12s %12s %10s %10s %10s %7s%n", "d/L/heads", "nonEmb N", "tokens/s", "ms/step",
                "GFLOP/s", "MFU");
        for (int[] shape : SHAPES.subList(0, Math.min(Math.max(shapes, 1), SHAPES.size()))) {
            ModelConfig model = new ModelConfig(shape[1], shape[2], shape[0], seqLen, vocabSize, true);
            Bench.Result r = Bench.run(engine, backend.hostKernels(), model, batchSize, warmup, steps);
            out.printf(Locale.ROOT, "%-12s %,12d %10.0f %10.1f %10.2f %6.1f%%%n",
                    shape[0] + "/" + shape[1] + "/" + shape[2], r.params().nonEmbedding(), r.tokensPerSecond(),
                    r.secondsPerStep() * 1000, r.flopsPerSecond() / 1e9, 100 * r.flopsPerSecond() / peak);
            out.flush();
        }
        out.flush();
        return ExitCode.OK;
    }
}
