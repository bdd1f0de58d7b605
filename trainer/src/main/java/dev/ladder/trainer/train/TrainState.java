package dev.ladder.trainer.train;

import dev.ladder.data.batch.BatchSampler;

/**
 * Where a run stands between two steps, apart from the arrays: what a checkpoint's state.json holds.
 *
 * @param step        optimizer steps done
 * @param tokens      training tokens consumed
 * @param cursor      the training batch sampler's position (its seed and batches drawn)
 * @param wallSeconds training seconds over all sessions so far
 * @param seed        the run's seed (weights were drawn from it; training itself draws no random numbers)
 * @param initialLoss loss of the first step, the reference for divergence; NaN before the first step
 * @param lastValLoss latest validation loss; null before the first evaluation
 * @param bestValLoss lowest validation loss so far; null before the first evaluation
 */
public record TrainState(long step, long tokens, BatchSampler.Cursor cursor, double wallSeconds, long seed,
                         double initialLoss, Double lastValLoss, Double bestValLoss) {

    /** The state of a run before its first step. */
    public static TrainState initial(long seed, BatchSampler.Cursor cursor) {
        return new TrainState(0, 0, cursor, 0, seed, Double.NaN, null, null);
    }

    /** This state after an evaluation that measured {@code valLoss}. */
    public TrainState withEval(double valLoss) {
        double best = bestValLoss == null ? valLoss : Math.min(bestValLoss, valLoss);
        return new TrainState(step, tokens, cursor, wallSeconds, seed, initialLoss, valLoss, best);
    }
}
