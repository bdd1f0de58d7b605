package dev.ladder.trainer.ladder;

import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.train.Bench;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates each rung's wall time on this machine from a short calibration of every distinct shape in the plan,
 * extended to the rung's token budget, plus its evaluations (a forward pass costs about a third of a training step).
 * The first steps of a small model run up to 10x slower than the rest until the JIT has compiled them (a fixed 1
 * untimed + 3 timed steps made the estimates of small-model ladders hours too long), so the calibration runs in
 * rounds, each of about {@value #WARMUP_SECONDS} s of untimed and {@value #TIMED_SECONDS} s of timed steps sized by
 * the previous round's time per step, until the time per step stops falling by more than a fifth.
 */
public final class WallTimeEstimate {

    static final double WARMUP_SECONDS = 1.0;
    static final double TIMED_SECONDS = 0.5;
    private static final int MAX_STEPS = 200;
    /** Calibration rounds at most: each sizes its steps by the previous one's time per step, until it settles. */
    private static final int ROUNDS = 4;

    private final Map<ModelConfig, Double> secondsPerStep = new HashMap<>();

    private WallTimeEstimate() {
    }

    /** Calibrates every distinct shape of {@code rungs} with the ladder's engine, device and batch size. */
    public static WallTimeEstimate calibrate(List<Rung> rungs, TrainConfig train, Engine.Options engine) {
        WallTimeEstimate estimate = new WallTimeEstimate();
        // the first shape calibrated also warms the engine's shared code; measured again below, not kept
        if (!rungs.isEmpty()) calibrate(train, engine, rungs.get(0).model());
        for (Rung rung : rungs) {
            estimate.secondsPerStep.computeIfAbsent(rung.model(),
                    model -> calibrate(train, engine, model));
        }
        return estimate;
    }

    private static double calibrate(TrainConfig train, Engine.Options engine, ModelConfig model) {
        double perStep = Bench.run(train.engine(), engine, model, train.batchSize(), 1, 1).secondsPerStep();
        for (int round = 0; round < ROUNDS; round++) {
            int warmup = (int) Math.min(MAX_STEPS, Math.max(1, WARMUP_SECONDS / perStep));
            int timed = (int) Math.min(MAX_STEPS, Math.max(3, TIMED_SECONDS / perStep));
            double next = Bench.run(train.engine(), engine, model, train.batchSize(), warmup, timed)
                    .secondsPerStep();
            boolean settled = next > 0.8 * perStep;
            perStep = next;
            if (settled) break;
        }
        return perStep;
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
