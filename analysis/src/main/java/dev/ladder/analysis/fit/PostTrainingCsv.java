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
import java.util.List;
import java.util.Map;

/**
 * Reads the observations of a post-training law from any CSV with a header, one row per run, given which column
 * holds what ({@code --columns KEY=COLUMN,...}); every key is required and every value must be a finite number &gt; 0:
 * <ul>
 *   <li>distillation: {@code N} (student non-embedding parameters), {@code D} (distillation tokens),
 *       {@code teacherLoss}, {@code loss} (the student's loss against the data);</li>
 *   <li>finetune: {@code X} (pretrained model size or pre-training tokens), {@code Df} (fine-tuning tokens),
 *       {@code loss};</li>
 *   <li>transfer: {@code N} (non-embedding parameters), {@code Df} (fine-tuning tokens), {@code Dt} (effective data
 *       transferred).</li>
 * </ul>
 * C is taken as 6·N·D (6·X·Df, 6·N·Df), the convention the distillation question's budgets use.
 */
public final class PostTrainingCsv {

    /** The CSV layouts, one per post-training law. */
    public enum Layout {
        distillation(List.of("N", "D", "teacherLoss", "loss")),
        finetune(List.of("X", "Df", "loss")),
        transfer(List.of("N", "Df", "Dt"));

        private final List<String> keys;

        Layout(List<String> keys) {
            this.keys = keys;
        }

        /** The column keys, all required. */
        public List<String> keys() {
            return keys;
        }
    }

    private PostTrainingCsv() {
    }

    public static FitData read(Path file, Map<String, String> columns, Layout layout) {
        String source = file + " --columns";
        for (String key : columns.keySet()) {
            if (!layout.keys().contains(key)) {
                throw InvalidInputException.notAllowed(source + " (--law " + layout + ")", "key", key,
                        layout.keys());
            }
        }
        for (String key : layout.keys()) {
            if (!columns.containsKey(key)) {
                throw new InvalidInputException(source + ": " + key + " is missing; needed for --law " + layout
                        + ": " + String.join(", ", layout.keys().stream().map(k -> k + "=COLUMN").toList()));
            }
        }
        List<String> lines = lines(file);
        if (lines.isEmpty()) throw new InvalidInputException(file + ": empty file; allowed: a CSV with a header line");
        List<String> header = Csv.split(lines.get(0));
        Map<String, Integer> index = new HashMap<>();
        columns.forEach((key, column) -> {
            int i = header.indexOf(column);
            if (i < 0) throw InvalidInputException.notAllowed(source + " " + key, "column", column, header);
            index.put(key, i);
        });
        List<Observation> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            List<String> cells = Csv.split(lines.get(i));
            String where = file + ":" + (i + 1);
            double[] v = new double[layout.keys().size()];
            for (int k = 0; k < v.length; k++) {
                String key = layout.keys().get(k);
                v[k] = number(where, cells, index.get(key), columns.get(key));
            }
            String run = "line " + (i + 1);
            rows.add(switch (layout) {
                case distillation -> new Observation(run, v[0], v[1], 6 * v[0] * v[1], v[3], v[2]);
                case finetune, transfer -> new Observation(run, v[0], v[1], 6 * v[0] * v[1], v[2]);
            });
        }
        if (rows.isEmpty()) throw new InvalidInputException(file + ": no data rows after the header");
        return new FitData(rows, List.of(), List.of(), 6, List.of(file.toString()));
    }

    private static double number(String where, List<String> cells, int i, String column) {
        if (i >= cells.size()) {
            throw new InvalidInputException(where + ": column " + column + " is missing (the line has "
                    + cells.size() + " cells)");
        }
        String text = cells.get(i).strip();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw InvalidInputException.outOfRange(where, column, "\"" + text + "\"", "a number > 0");
        }
        if (!(value > 0) || !Double.isFinite(value)) {
            throw InvalidInputException.outOfRange(where, column, text, "a finite number > 0");
        }
        return value;
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
