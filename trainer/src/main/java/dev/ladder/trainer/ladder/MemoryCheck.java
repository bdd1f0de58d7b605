package dev.ladder.trainer.ladder;

import com.sun.management.OperatingSystemMXBean;
import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.model.ModelConfig;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Refuses rungs whose training would not fit in this machine's memory. The estimate is deliberately generous:
 * weights, gradients and AdamW's two moments (4 × N floats), plus the activations the backward pass keeps, about
 * {@code batch·seqLen·(40·dModel + 6·nHead·seqLen)} floats per layer and {@code 4·batch·seqLen·vocab} for the
 * logits, all doubled for the graph executor's temporaries (the notes measured ~6.5 GB resident for d 384, 6 layers,
 * batch 32, context 128).
 */
public final class MemoryCheck {

    private MemoryCheck() {
    }

    /** Bytes a training step of {@code model} at {@code batchSize} needs, by the estimate above. */
    public static double bytes(ModelConfig model, long totalParams, int batchSize) {
        double tokens = (double) batchSize * model.seqLen();
        double perLayer = tokens * (40.0 * model.dModel() + 6.0 * model.nHead() * model.seqLen());
        double floats = 4.0 * totalParams + model.nLayer() * perLayer + 4.0 * tokens * model.vocabSize();
        return 2 * 4 * floats;
    }

    /** Throws naming the first rung that would need more than this machine's memory shared by {@code workers}. */
    public static void check(String source, Plan plan, int batchSize, int workers) {
        long physical = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        check(source, plan, batchSize, workers, physical, "this machine's");
    }

    /**
     * Throws naming the first rung that would need more than 80% of {@code capacityBytes} shared by {@code workers}:
     * the memory of the machine or GPU the plan is for, named by {@code capacityName}, e.g. "the target GPU's".
     */
    public static void check(String source, Plan plan, int batchSize, int workers, double capacityBytes,
                             String capacityName) {
        double available = 0.8 * capacityBytes / Math.max(1, workers);
        for (Rung rung : plan.rungs()) {
            double need = bytes(rung.model(), rung.params().total(), batchSize);
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
