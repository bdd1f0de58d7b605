package dev.ladder.data.runlog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An evaluation: {@code type = "eval"} in metrics.jsonl. Periodic evaluations use a fixed, seeded subset of the
 * validation split; the final evaluation ({@code wholeSplit = true}) covers the whole split (up to a cap) and carries
 * the mean loss at each context position.
 *
 * @param flops          training FLOPs so far (flopsPerToken.kaplan6N times tokens)
 * @param valLoss        mean cross-entropy over the evaluated validation tokens, nats per token
 * @param wallSeconds    seconds since the run (or its first resume) started
 * @param valLossStderr  one standard error of valLoss: the spread of per-sequence mean losses across sequences
 *                       (tokens within a sequence are correlated); null in records written before it existed
 * @param valTokens      validation tokens (predictions) the loss averages over; null in older records
 * @param wholeSplit     true on the final evaluation over the whole validation split; null on periodic ones
 * @param lossByPosition mean loss at context positions 0..seqLen-1 (position t predicts a token from t + 1 tokens);
 *                       only on the whole-split evaluation, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvalRecord(String runId, long step, long tokens, double flops, double valLoss, double wallSeconds,
                         Double valLossStderr, Long valTokens, Boolean wholeSplit, List<Double> lossByPosition)
        implements RunRecord {

    public EvalRecord {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
        if (tokens < 0) throw new IllegalArgumentException("tokens must be >= 0, got " + tokens);
        if (lossByPosition != null) lossByPosition = List.copyOf(lossByPosition);
    }

    /** A record without an error, token count or positions, as written before they existed. */
    public EvalRecord(String runId, long step, long tokens, double flops, double valLoss, double wallSeconds) {
        this(runId, step, tokens, flops, valLoss, wallSeconds, null, null, null, null);
    }

    /** True for the final evaluation over the whole validation split. */
    public boolean coversWholeSplit() {
        return Boolean.TRUE.equals(wholeSplit);
    }

    @Override
    public String type() {
        return "eval";
    }
}
