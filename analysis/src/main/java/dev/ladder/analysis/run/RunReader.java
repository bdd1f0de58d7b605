package dev.ladder.analysis.run;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.CorruptFileException;
import dev.ladder.data.runlog.MetricsLog;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.runlog.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads run directories. Each path may be a run directory (it holds run.json), a ladder folder of runs, or a runs
 * root of ladder folders: run directories are searched up to {@link #MAX_DEPTH} levels below each path.
 */
public final class RunReader {

    /** How many levels below a given path run directories are looked for (runs root, ladder, run). */
    public static final int MAX_DEPTH = 2;

    private RunReader() {
    }

    /** All runs under {@code paths}, each directory once, in path order then name order. */
    public static List<RunData> read(List<Path> paths) {
        Map<Path, RunData> runs = new LinkedHashMap<>();
        for (Path path : paths) {
            List<Path> dirs = find(path);
            if (dirs.isEmpty()) {
                throw new InvalidInputException(path + ": no run directory (a folder with run.json) found here or "
                        + MAX_DEPTH + " levels below; allowed: a run directory, a ladder folder or a runs root");
            }
            for (Path dir : dirs) runs.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> readRun(dir));
        }
        return List.copyOf(runs.values());
    }

    /**
     * Reads one run directory; a missing metrics.jsonl reads as an empty log, a missing summary as absent, and a
     * summary that is not valid JSON (cut short by a crash) as absent with a warning: the run counts as unfinished.
     */
    public static RunData readRun(Path dir) {
        RunDirectory layout = new RunDirectory(dir);
        RunInfo info = RunJson.readInfo(layout.runJson());
        MetricsLog metrics = Files.isRegularFile(layout.metrics())
                ? RunLogReader.read(layout.metrics())
                : new MetricsLog(List.of(), List.of(), List.of(layout.metrics() + ": missing; no metrics read"));
        Optional<RunSummary> summary = Optional.empty();
        if (Files.isRegularFile(layout.summaryJson())) {
            try {
                summary = Optional.of(RunJson.readSummary(layout.summaryJson()));
            } catch (CorruptFileException e) {
                List<String> warnings = new ArrayList<>(metrics.warnings());
                warnings.add(e.getMessage() + "; the run is treated as unfinished");
                metrics = new MetricsLog(metrics.steps(), metrics.evals(), warnings);
            }
        }
        return new RunData(info, metrics, summary, dir);
    }

    private static List<Path> find(Path path) {
        if (!Files.isDirectory(path)) {
            throw new InvalidInputException(path + ": " + (Files.exists(path) ? "is a file" : "not found")
                    + "; allowed: a run directory, a ladder folder or a runs root");
        }
        List<Path> found = new ArrayList<>();
        collect(path, 0, found);
        return found;
    }

    private static void collect(Path dir, int depth, List<Path> found) {
        if (new RunDirectory(dir).exists()) {
            found.add(dir);
            return;
        }
        if (depth == MAX_DEPTH) return;
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                collect(child, depth + 1, found);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
