package dev.ladder.analysis.plot;

import dev.ladder.analysis.csv.Csv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data of one figure as a tidy table, one row per plotted point, written as CSV: an absent value is an empty
 * cell, non-finite numbers are NaN and inf, as pandas reads them.
 */
public final class PlotTable {

    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public PlotTable(String... columns) {
        this.columns = List.of(columns);
    }

    /** Adds a row; cells are numbers, text, booleans or null (absent), one per column. */
    public void add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row " + Arrays.toString(cells) + " has " + cells.length
                    + " cells for " + columns.size() + " columns " + columns);
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) row.add(format(cell));
        rows.add(row);
    }

    public int size() {
        return rows.size();
    }

    /** Writes the header and the rows. */
    public void write(Path file) {
        List<String> lines = new ArrayList<>();
        lines.add(Csv.line(columns));
        for (List<String> row : rows) lines.add(Csv.line(row));
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String format(Object cell) {
        if (cell == null) return "";
        if (cell instanceof Double d) {
            if (d.isNaN()) return "NaN";
            if (d.isInfinite()) return d > 0 ? "inf" : "-inf";
        }
        return cell.toString();
    }
}
