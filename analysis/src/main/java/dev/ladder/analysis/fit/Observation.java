package dev.ladder.analysis.fit;

/**
 * One loss measurement of one run: a final loss (for final-loss fits) or a point on its training curve (for the
 * envelope). Units: parameters, tokens, FLOPs, nats per token.
 *
 * @param runId       the run it belongs to (the bootstrap resamples runs, not points)
 * @param params      N under the fit's parameter convention
 * @param tokens      D, training tokens so far
 * @param flops       C, training FLOPs so far under the fit's FLOP convention
 * @param loss        validation loss, nats per token
 * @param teacherLoss the teacher's final validation loss L_T for a distillation student (nats per token); NaN for
 *                    every other run
 * @param budget      the ladder budget the run was planned for (run.json {@code plannedFlops}, Kaplan's 6N
 *                    convention); NaN when unknown (older runs, CSV); IsoFLOP profiles group by it
 * @param seed        the run's seed (run.json {@code seed}), {@link #NO_SEED} when unknown (CSV): runs of one size
 *                    and seed start from the same weights and see the same batches, and WSD branches share their
 *                    stable run, so their losses share an offset that the bootstrap over seeds resamples
 */
public record Observation(String runId, double params, double tokens, double flops, double loss,
                          double teacherLoss, double budget, long seed) {

    /** The seed of an observation whose run's seed is unknown. */
    public static final long NO_SEED = Long.MIN_VALUE;

    public Observation {
        if (!(params > 0 && tokens > 0 && flops > 0 && loss > 0)) {
            throw new IllegalArgumentException("run " + runId + ": params, tokens, flops and loss must be > 0, got "
                    + params + ", " + tokens + ", " + flops + ", " + loss);
        }
        if (!Double.isNaN(teacherLoss) && !(teacherLoss > 0 && Double.isFinite(teacherLoss))) {
            throw new IllegalArgumentException("run " + runId + ": teacherLoss must be > 0, got " + teacherLoss);
        }
    }

    /** An observation of a run of unknown seed. */
    public Observation(String runId, double params, double tokens, double flops, double loss,
                       double teacherLoss, double budget) {
        this(runId, params, tokens, flops, loss, teacherLoss, budget, NO_SEED);
    }

    /** An observation of a run without a teacher or a planned budget. */
    public Observation(String runId, double params, double tokens, double flops, double loss) {
        this(runId, params, tokens, flops, loss, Double.NaN, Double.NaN);
    }

    /** An observation of a distillation student taught by a teacher of final loss {@code teacherLoss}. */
    public Observation(String runId, double params, double tokens, double flops, double loss, double teacherLoss) {
        this(runId, params, tokens, flops, loss, teacherLoss, Double.NaN);
    }

    /** The same measurement under another run id (a bootstrap copy). */
    public Observation withRunId(String id) {
        return new Observation(id, params, tokens, flops, loss, teacherLoss, budget, seed);
    }

    /** The same run with another loss (a residual-bootstrap resample). */
    public Observation withLoss(double newLoss) {
        return new Observation(runId, params, tokens, flops, newLoss, teacherLoss, budget, seed);
    }

    /** The same measurement of a run planned for the budget {@code plannedFlops}. */
    public Observation withBudget(double plannedFlops) {
        return new Observation(runId, params, tokens, flops, loss, teacherLoss, plannedFlops, seed);
    }

    /** The same measurement of a run trained with {@code runSeed}. */
    public Observation withSeed(long runSeed) {
        return new Observation(runId, params, tokens, flops, loss, teacherLoss, budget, runSeed);
    }
}
