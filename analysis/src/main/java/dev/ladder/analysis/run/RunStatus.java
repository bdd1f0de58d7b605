package dev.ladder.analysis.run;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.ladder.data.runlog.RunSummary;
import java.util.Locale;
import java.util.Optional;

/** How a run stands as analysis sees it: the summary's status, or {@code unknown} while it has no summary. */
public enum RunStatus {
    COMPLETED, DIVERGED, FAILED, INTERRUPTED, UNKNOWN;

    /** The status of a run with this summary; UNKNOWN when it has none (still running, or killed hard). */
    public static RunStatus of(Optional<RunSummary> summary) {
        return summary.map(s -> valueOf(s.status().name())).orElse(UNKNOWN);
    }

    /** True for runs whose losses must not enter a fit: diverged or failed. */
    public boolean broken() {
        return this == DIVERGED || this == FAILED;
    }

    /** The lower-case name used in JSON and CSV, matching summary.json. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
