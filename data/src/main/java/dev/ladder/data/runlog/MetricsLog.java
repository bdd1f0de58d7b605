package dev.ladder.data.runlog;

import java.util.List;
import java.util.Optional;

/**
 * The records of one metrics.jsonl after the repeated-step rule (the last record for a step wins), in step order.
 *
 * @param evals          the periodic evaluations on the fixed validation subset
 * @param wholeSplitEval the last final evaluation over the whole validation split; null when there is none (a run
 *                       still training, or one logged before whole-split evaluations existed)
 * @param warnings       what the reader skipped and why (e.g. a truncated last line); empty when the file was clean
 */
public record MetricsLog(List<StepRecord> steps, List<EvalRecord> evals, EvalRecord wholeSplitEval,
                         List<String> warnings) {

    public MetricsLog {
        steps = List.copyOf(steps);
        evals = List.copyOf(evals);
        warnings = List.copyOf(warnings);
    }

    /** A log without a whole-split evaluation. */
    public MetricsLog(List<StepRecord> steps, List<EvalRecord> evals, List<String> warnings) {
        this(steps, evals, null, warnings);
    }

    /** The whole-split evaluation, if the run logged one. */
    public Optional<EvalRecord> wholeSplit() {
        return Optional.ofNullable(wholeSplitEval);
    }
}
