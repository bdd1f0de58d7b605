package dev.ladder.analysis.fit;

import dev.ladder.analysis.csv.Csv;
import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads observations from any CSV with a header (e.g. logs of another trainer), given which column holds what:
 * {@code N} (parameters), {@code D} (tokens), {@code C} (FLOPs), {@code loss} (nats per token) and optionally
 * {@code run} (rows with the same run form one training curve; its row with the most tokens is its final loss).
 * Either D or C may be left out: D = C/(6N) as Epoch AI did for Chinchilla's data, or C = 6ND.
 */
public final class CsvObservations {

    /** The keys a column mapping may use. */
    public static final List<String> KEYS = List.of("N", "D", "C", "loss", "run");

    private CsvObservations() {
    }

    public static FitData read(Path file, Map<String, String> columns) {
        checkKeys(file, columns);
        List<String> lines = lines(file);
        if (lines.isEmpty()) throw new InvalidInputException(file + ": empty file; allowed: a CSV with a header line");
        String first = lines.get(0);
        List<String> header = Csv.split(first.startsWith("\uFEFF") ? first.substring(1) : first);
        Map<String, Integer> index = new HashMap<>();
        columns.forEach((key, column) -> index.put(key, columnIndex(file, header, key, column)));
        Map<String, Observation> finals = new LinkedHashMap<>();
        List<Observation> curves = new ArrayList<>();
        double ratioSum = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            List<String> cells = Csv.split(lines.get(i));
            String where = file + ":" + (i + 1);
            double n = number(where, cells, index, columns, "N");
            double loss = number(where, cells, index, columns, "loss");
            double d = index.containsKey("D") ? number(where, cells, index, columns, "D")
                    : number(where, cells, index, columns, "C") / (6 * n);
            double c = index.containsKey("C") ? number(where, cells, index, columns, "C") : 6 * n * d;
            String run = index.containsKey("run") ? cell(where, cells, index.get("run"), columns.get("run"))
                    : "line " + (i + 1);
            Observation o = new Observation(run, n, d, c, loss);
            curves.add(o);
            finals.merge(run, o, (old, now) -> now.tokens() >= old.tokens() ? now : old);
            ratioSum += c / (n * d);
        }
        if (curves.isEmpty()) throw new InvalidInputException(file + ": no data rows after the header");
        return new FitData(List.copyOf(finals.values()), curves, List.of(), ratioSum / curves.size(),
                List.of(file.toString()));
    }

    private static void checkKeys(Path file, Map<String, String> columns) {
        for (String key : columns.keySet()) {
            if (!KEYS.contains(key)) throw InvalidInputException.notAllowed(file + " --columns", "key", key, KEYS);
        }
        for (String key : List.of("N", "loss")) {
            if (!columns.containsKey(key)) {
                throw new InvalidInputException(file + " --columns: " + key + " is missing; needed: N, loss and "
                        + "D or C (e.g. N=params,D=tokens,loss=val_loss)");
            }
        }
        if (!columns.containsKey("D") && !columns.containsKey("C")) {
            throw new InvalidInputException(file + " --columns: neither D nor C is given; needed: one of them");
        }
    }

    private static int columnIndex(Path file, List<String> header, String key, String column) {
        int i = header.indexOf(column);
        if (i < 0) throw InvalidInputException.notAllowed(file + " --columns " + key, "column", column, header);
        return i;
    }

    private static double number(String where, List<String> cells, Map<String, Integer> index,
                                 Map<String, String> columns, String key) {
        String text = cell(where, cells, index.get(key), columns.get(key));
        try {
            double value = Double.parseDouble(text.strip());
            if (value > 0 && Double.isFinite(value)) return value;
        } catch (NumberFormatException e) {
            throw InvalidInputException.outOfRange(where, columns.get(key), "\"" + text + "\"", "a number > 0");
        }
        throw InvalidInputException.outOfRange(where, columns.get(key), text, "a finite number > 0");
    }

    private static String cell(String where, List<String> cells, int i, String column) {
        if (i >= cells.size()) {
            throw new InvalidInputException(where + ": column " + column + " is missing (the line has "
                    + cells.size() + " cells)");
        }
        return cells.get(i);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
