package dev.ladder.data.runlog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code summary.json}: how a run ended. Written when the run stops, whatever the reason.
 *
 * @param finalValLoss the final evaluation's loss over the whole validation split (nats per token); in summaries
 *                     without finalValLossStderr (written before whole-split evaluations) the last periodic
 *                     evaluation's loss; null when no eval ran
 * @param bestValLoss  lowest validation loss seen; null when no eval ran
 * @param tokens       training tokens consumed
 * @param steps        optimizer steps taken
 * @param wallSeconds  total training seconds over all sessions of the run
 * @param message      why the run stopped when it was not completed (e.g. "loss NaN at step 120"); else null
 * @param peakRssBytes peak resident memory of the process that wrote this summary, bytes (its last session for a
 *                     resumed run); null where the OS does not report it and in summaries written before it existed
 * @param finalValLossStderr one standard error of finalValLoss (across validation sequences); null when it has none
 * @param finalValTokens     validation tokens finalValLoss averages over; null when it has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(int schemaVersion, String runId, Status status, Double finalValLoss, Double bestValLoss,
                         long tokens, long steps, double wallSeconds, String message, Long peakRssBytes,
                         Double finalValLossStderr, Long finalValTokens) {

    /** How a run ended. JSON uses the lower-case names. */
    public enum Status {
        COMPLETED, DIVERGED, FAILED, INTERRUPTED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Status parse(String s) {
            for (Status v : values()) {
                if (v.json().equals(s)) return v;
            }
            throw new IllegalArgumentException("status = \"" + s + "\" is not allowed; allowed: "
                    + Arrays.stream(values()).map(Status::json).toList());
        }
    }

    public RunSummary {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
    }

    /** A summary without a whole-split final evaluation, as written before it existed. */
    public RunSummary(int schemaVersion, String runId, Status status, Double finalValLoss, Double bestValLoss,
                      long tokens, long steps, double wallSeconds, String message, Long peakRssBytes) {
        this(schemaVersion, runId, status, finalValLoss, bestValLoss, tokens, steps, wallSeconds, message,
                peakRssBytes, null, null);
    }
}
