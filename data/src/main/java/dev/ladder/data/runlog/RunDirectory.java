package dev.ladder.data.runlog;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of one run directory, {@code runs/<ladder>/<runId>/}: run.json, metrics.jsonl, checkpoint/ and
 * summary.json. The one place that knows these file names.
 */
public record RunDirectory(Path dir) {

    public Path runJson() {
        return dir.resolve("run.json");
    }

    public Path metrics() {
        return dir.resolve("metrics.jsonl");
    }

    public Path summaryJson() {
        return dir.resolve("summary.json");
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint");
    }

    /** True when the folder holds a run.json, i.e. it is a run directory and not a ladder folder. */
    public boolean exists() {
        return Files.isRegularFile(runJson());
    }
}
