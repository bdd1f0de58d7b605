package dev.ladder.trainer.ladder;

import com.sun.management.OperatingSystemMXBean;
import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamCount;
import dev.ladder.trainer.train.SystemCheck;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The resident memory a training process of the fast engine needs, and the check that refuses rungs whose training
 * would not fit in this machine's memory. The estimate counts what the process holds, in float32:
 * <ul>
 *   <li>parameters, gradients and AdamW's two moments: {@code 4·N} floats (N = total parameters);</li>
 *   <li>the fast engine's activations (its {@code Activations} class, allocated once): per block
 *       {@code 20·rows·d + 4·rows + B·H·T²} (the block's input, ln1Out, qkv, q, k, v, attnY, attnMerged, mid,
 *       ln2Out, mlpPre, mlpAct; four LayerNorm statistics; attnProbs), with {@code rows = B·T}; after the blocks
 *       {@code 2·rows·d + 2·rows + rows·V} (output, lnfOut, statistics, logits); and the backward pass's scratch,
 *       shared by the blocks, {@code 14·rows·d + B·H·T²};</li>
 *   <li>a fixed baseline: the JVM (heap in use, metaspace, JIT), ND4J's and OpenBLAS's native libraries and
 *       buffers, the corpus text and token files. Measured as peak resident memory less the arrays above: 127 to
 *       139 MB for {@code ladder bench --shapes 16/1/2} (no corpus; the same with 1, 2, 4 or 8 threads), 192 MB for
 *       {@code configs/tiny.json} (8M characters of text, 16 MB of token files); 160 MiB lies between.</li>
 * </ul>
 * The reference SameDiff engine needs more, and more with every step (its executor's native memory grows).
 */
public final class MemoryCheck {

    /** The baseline above, bytes: measured on Linux x86_64, Java 17, ND4J 1.0.0-M2.1 with OpenBLAS. */
    static final long BASELINE_BYTES = 160L << 20;

    private MemoryCheck() {
    }

    /** Floats the fast engine keeps for a training step of {@code model} at {@code batchSize}, parameters included. */
    public static long floats(ModelConfig model, int batchSize) {
        long rows = (long) batchSize * model.seqLen();
        long d = model.dModel();
        long attention = (long) batchSize * model.nHead() * model.seqLen() * model.seqLen();
        long perBlock = 20 * rows * d + 4 * rows + attention;
        long afterBlocks = 2 * rows * d + 2 * rows + rows * model.vocabSize();
        long backward = 14 * rows * d + attention;
        return 4 * ParamCount.of(model).total() + model.nLayer() * perBlock + afterBlocks + backward;
    }

    /**
     * Floats a distillation teacher adds to its student's process at {@code batchSize}: its parameters, the
     * engine's gradient buffer and its activations, as {@link #floats}, less AdamW's two moments (a teacher only
     * runs forward; its engine still allocates what a training step would).
     */
    public static long teacherFloats(ModelConfig teacher, int batchSize) {
        return floats(teacher, batchSize) - 2 * ParamCount.of(teacher).total();
    }

    /** Peak resident bytes of a training process of {@code model} at {@code batchSize}: baseline plus floats. */
    public static long bytes(ModelConfig model, int batchSize) {
        return BASELINE_BYTES + Float.BYTES * floats(model, batchSize);
    }

    /** This machine's physical memory, bytes. */
    public static long physicalBytes() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }

    /**
     * Throws when a training process of {@code run} with a vocabulary of {@code vocabSize} would not fit in this
     * machine's memory (GPU 0's when the device is CUDA) or in one flat parameter buffer.
     */
    public static void checkRun(String source, RunConfig run, int vocabSize) {
        ModelConfig model = run.model().toModel(vocabSize);
        int batchSize = run.train().batchSize();
        if (run.train().device() == TrainConfig.Device.CUDA) {
            checkRun(source, model, batchSize, SystemCheck.cudaMemory().get(0), "GPU 0's");
        } else {
            checkRun(source, model, batchSize, physicalBytes(), "this machine's");
        }
    }

    /**
     * Throws when one training process of {@code model} would need more than 80% of {@code capacityBytes} (the
     * memory of the machine or GPU, named by {@code capacityName}), or has more parameters than one flat float
     * buffer holds: what {@code ladder train} checks before it allocates anything.
     */
    public static void checkRun(String source, ModelConfig model, int batchSize, double capacityBytes,
                                String capacityName) {
        long need = bytes(model, batchSize);
        double available = 0.8 * capacityBytes;
        long params = ParamCount.of(model).total();
        if (need > available) {
            throw InvalidInputException.outOfRange(source, "memory of model L" + model.nLayer() + "-d"
                    + model.dModel() + " (" + String.format(Locale.ROOT, "%.3g", (double) params)
                    + " parameters) at train.batchSize " + batchSize, String.format(Locale.ROOT, "%.1f GB", need / 1e9),
                    String.format(Locale.ROOT, "<= %.1f GB (80%% of %s %.1f GB); use a smaller model or batch",
                            available / 1e9, capacityName, capacityBytes / 1e9));
        }
        if (params > Integer.MAX_VALUE) {
            throw InvalidInputException.outOfRange(source, "parameters of model L" + model.nLayer() + "-d"
                    + model.dModel(), String.format(Locale.ROOT, "%,d", params),
                    String.format(Locale.ROOT, "<= %,d (one flat float32 buffer)", Integer.MAX_VALUE));
        }
    }

    /** Throws naming the first rung that would need more than this machine's memory shared by {@code workers}. */
    public static void check(String source, Plan plan, int batchSize, int workers) {
        check(source, plan, batchSize, workers, physicalBytes(), "this machine's");
    }

    /**
     * Throws naming the first rung that would need more than 80% of {@code capacityBytes} shared by {@code workers}:
     * the memory of the machine or GPU the plan is for, named by {@code capacityName}, e.g. "the target GPU's". A
     * distillation student counts its teacher too ({@link #teacherFloats}).
     */
    public static void check(String source, Plan plan, int batchSize, int workers, double capacityBytes,
                             String capacityName) {
        double available = 0.8 * capacityBytes / Math.max(1, workers);
        for (Rung rung : plan.rungs()) {
            long need = bytes(rung.model(), batchSize)
                    + plan.teacherOf(rung).map(t -> Float.BYTES * teacherFloats(t.model(), batchSize)).orElse(0L);
            if (need > available) {
                throw InvalidInputException.outOfRange(source, "rung " + rung.runId() + " memory",
                        String.format(Locale.ROOT, "%.1f GB", need / 1e9), String.format(Locale.ROOT,
                                "<= %.1f GB (80%% of %s %.1f GB over %d worker(s)); use a smaller shape or batch, or"
                                        + " fewer workers", available / 1e9, capacityName, capacityBytes / 1e9,
                                workers));
            }
        }
    }
}
