package dev.ladder.analysis.fit;

/**
 * One loss measurement of one run: a final loss (for final-loss fits) or a point on its training curve (for the
 * envelope). Units: parameters, tokens, FLOPs, nats per token.
 *
 * @param runId  the run it belongs to (the bootstrap resamples runs, not points)
 * @param params N under the fit's parameter convention
 * @param tokens D, training tokens so far
 * @param flops  C, training FLOPs so far under the fit's FLOP convention
 * @param loss   validation loss, nats per token
 * @param budget the ladder budget the run was planned for (run.json {@code plannedFlops}, Kaplan's 6N convention);
 *               NaN when unknown (older runs, CSV); IsoFLOP profiles group by it
 */
public record Observation(String runId, double params, double tokens, double flops, double loss, double budget) {

    /** An observation without a planned budget. */
    public Observation(String runId, double params, double tokens, double flops, double loss) {
        this(runId, params, tokens, flops, loss, Double.NaN);
    }

    public Observation {
        if (!(params > 0 && tokens > 0 && flops > 0 && loss > 0)) {
            throw new IllegalArgumentException("run " + runId + ": params, tokens, flops and loss must be > 0, got "
                    + params + ", " + tokens + ", " + flops + ", " + loss);
        }
    }
}
