package dev.ladder.data.runlog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An evaluation on the fixed validation batches: {@code type = "eval"} in metrics.jsonl.
 *
 * @param flops       training FLOPs so far (flopsPerToken.kaplan6N times tokens)
 * @param valLoss     mean cross-entropy over the validation batches, nats per token
 * @param wallSeconds seconds since the run (or its first resume) started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvalRecord(String runId, long step, long tokens, double flops, double valLoss, double wallSeconds)
        implements RunRecord {

    public EvalRecord {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
        if (tokens < 0) throw new IllegalArgumentException("tokens must be >= 0, got " + tokens);
    }

    @Override
    public String type() {
        return "eval";
    }
}
