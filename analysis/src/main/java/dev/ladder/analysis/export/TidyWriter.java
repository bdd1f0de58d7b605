package dev.ladder.analysis.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ladder.analysis.csv.Csv;
import dev.ladder.data.runlog.RunJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes tidy rows as CSV (header line, empty cell for an absent value, NaN and inf as pandas reads them) or as
 * JSON Lines (one object per row, null for an absent value, non-finite numbers as the strings "NaN"/"Infinity" as
 * in metrics.jsonl).
 */
public final class TidyWriter {

    private TidyWriter() {
    }

    public static void write(List<Map<String, Object>> rows, ExportFormat format, PrintWriter out) {
        if (format == ExportFormat.csv) {
            out.println(Csv.line(TidyTable.COLUMNS));
            for (Map<String, Object> row : rows) out.println(csvLine(row));
        } else {
            for (Map<String, Object> row : rows) {
                try {
                    out.println(RunJson.MAPPER.writeValueAsString(row));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("cannot serialise row " + row, e);
                }
            }
        }
        out.flush();
    }

    private static String csvLine(Map<String, Object> row) {
        List<String> cells = new ArrayList<>();
        for (String column : TidyTable.COLUMNS) cells.add(cell(row.get(column)));
        return Csv.line(cells);
    }

    private static String cell(Object value) {
        if (value == null) return "";
        if (value instanceof Double d) {
            if (d.isNaN()) return "NaN";
            if (d.isInfinite()) return d > 0 ? "inf" : "-inf";
            return d.toString();
        }
        return value.toString();
    }
}
