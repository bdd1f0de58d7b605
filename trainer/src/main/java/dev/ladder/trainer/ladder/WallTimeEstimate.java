package dev.ladder.trainer.ladder;

import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.train.Bench;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates each rung's wall time on this machine from a short calibration: a few timed training steps of every
 * distinct shape in the plan (after one untimed step), extended to the rung's token budget, plus its evaluations
 * (a forward pass costs about a third of a training step).
 */
public final class WallTimeEstimate {

    private static final int WARMUP_STEPS = 1;
    private static final int TIMED_STEPS = 3;

    private final Map<ModelConfig, Double> secondsPerStep = new HashMap<>();

    private WallTimeEstimate() {
    }

    /** Calibrates every distinct shape of {@code rungs} with the ladder's engine, device and batch size. */
    public static WallTimeEstimate calibrate(List<Rung> rungs, TrainConfig train, boolean hostKernels) {
        WallTimeEstimate estimate = new WallTimeEstimate();
        for (Rung rung : rungs) {
            estimate.secondsPerStep.computeIfAbsent(rung.model(),
                    model -> Bench.run(train.engine(), hostKernels, model,
                            train.batchSize(), WARMUP_STEPS, TIMED_STEPS).secondsPerStep());
        }
        return estimate;
    }

    /**
     * Seconds to train {@code rung}: its steps plus {@code evals × evalBatches} forward passes.
     *
     * @param tokensPerStep batch size × context length
     */
    public double seconds(Rung rung, long tokensPerStep, long evals, int evalBatches) {
        return seconds(rung, null, tokensPerStep, evals, evalBatches);
    }

    /**
     * Seconds to train {@code rung} distilled from {@code teacher} (a rung of the same plan; null for none): the
     * teacher's forward pass on every batch adds a third of its own training step per step.
     */
    public double seconds(Rung rung, Rung teacher, long tokensPerStep, long evals, int evalBatches) {
        double step = secondsPerStep.get(rung.model());
        if (teacher != null) step += secondsPerStep.get(teacher.model()) / 3;
        long steps = rung.ownTokens() / tokensPerStep;
        return steps * step + evals * evalBatches * step / 3;
    }
}
