package dev.ladder.data.runlog;

import java.util.List;

/**
 * The records of one metrics.jsonl after the repeated-step rule (the last record for a step wins), in step order.
 *
 * @param warnings what the reader skipped and why (e.g. a truncated last line); empty when the file was clean
 */
public record MetricsLog(List<StepRecord> steps, List<EvalRecord> evals, List<String> warnings) {

    public MetricsLog {
        steps = List.copyOf(steps);
        evals = List.copyOf(evals);
        warnings = List.copyOf(warnings);
    }
}
