package dev.ladder.analysis.run;

import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.MetricsLog;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as read from its directory: what it is (run.json), what it logged (metrics.jsonl) and how it ended
 * (summary.json, absent while it runs).
 *
 * @param dir the run directory
 */
public record RunData(RunInfo info, MetricsLog metrics, Optional<RunSummary> summary, Path dir) {

    public RunData {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(summary, "summary");
    }

    public String runId() {
        return info.runId();
    }

    public RunStatus status() {
        return RunStatus.of(summary);
    }

    /**
     * The run's final validation loss: its evaluation over the whole validation split when it logged one, else its
     * last periodic evaluation (runs logged before whole-split evaluations existed, or still training).
     */
    public Optional<EvalRecord> finalEval() {
        if (metrics.wholeSplitEval() != null) return Optional.of(metrics.wholeSplitEval());
        List<EvalRecord> evals = metrics.evals();
        return evals.isEmpty() ? Optional.empty() : Optional.of(evals.get(evals.size() - 1));
    }
}
