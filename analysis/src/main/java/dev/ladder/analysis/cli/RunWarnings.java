package dev.ladder.analysis.cli;

import dev.ladder.analysis.run.RunData;
import java.io.PrintWriter;
import java.util.List;

/** Prints what reading the run logs skipped (a truncated last line, a missing metrics file) as warnings. */
final class RunWarnings {

    private RunWarnings() {
    }

    /** One {@code warning: ...} line per problem, on {@code err}; returns the runs unchanged. */
    static List<RunData> print(List<RunData> runs, PrintWriter err) {
        for (RunData run : runs) {
            for (String warning : run.metrics().warnings()) err.println("warning: " + warning);
        }
        err.flush();
        return runs;
    }
}
