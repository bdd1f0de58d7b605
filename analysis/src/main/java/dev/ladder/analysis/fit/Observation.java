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
 */
public record Observation(String runId, double params, double tokens, double flops, double loss) {

    public Observation {
        if (!(params > 0 && tokens > 0 && flops > 0 && loss > 0)) {
            throw new IllegalArgumentException("run " + runId + ": params, tokens, flops and loss must be > 0, got "
                    + params + ", " + tokens + ", " + flops + ", " + loss);
        }
    }
}
