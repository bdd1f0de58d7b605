package dev.ladder.analysis.plot;

import java.nio.file.Path;

/** The outcome of one plot: a drawn figure with its files, or a figure that could not be drawn and why. */
public sealed interface Figure permits Figure.Drawn, Figure.Skipped {

    /** File stem, e.g. "frontier" for frontier.png and frontier.csv. */
    String name();

    /** Human-readable title, e.g. "Compute frontier". */
    String title();

    /**
     * A drawn figure.
     *
     * @param caption what it shows, in a sentence or two
     * @param png     the image
     * @param csv     exactly the plotted data, one tidy row per plotted point
     */
    record Drawn(String name, String title, String caption, Path png, Path csv) implements Figure {
    }

    /** A figure the data cannot support, e.g. approach 2 was refused; the reason is shown in the report. */
    record Skipped(String name, String title, String reason) implements Figure {
    }
}
