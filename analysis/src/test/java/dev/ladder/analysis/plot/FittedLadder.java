package dev.ladder.analysis.plot;

import dev.ladder.analysis.cli.LawChoice;
import dev.ladder.analysis.csv.Csv;
import dev.ladder.analysis.fit.Bootstrap;
import dev.ladder.analysis.fit.FlopCount;
import dev.ladder.analysis.fit.ParamCount;
import dev.ladder.analysis.report.LadderReport;
import dev.ladder.analysis.report.ReportSettings;
import dev.ladder.analysis.run.RunReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** The {@link LadderFixture} ladder fitted as the report fits it, and readers of what a figure wrote, for tests. */
public final class FittedLadder {

    private FittedLadder() {
    }

    /** Writes the fixture ladder under {@code root} and fits every law (holdout 2, the given bootstrap). */
    public static LadderReport.Fitting fit(Path root, int bootstrap) {
        return fitFolder(LadderFixture.write(root), bootstrap, 2);
    }

    /** Fits every law to the runs under {@code folder} as the report does. */
    public static LadderReport.Fitting fitFolder(Path folder, int bootstrap, int holdout) {
        ReportSettings settings = new ReportSettings(ParamCount.total, FlopCount.kaplan, false, bootstrap,
                Bootstrap.Method.runs, 1, holdout, 0.95);
        return LadderReport.fit(RunReader.read(List.of(folder)), settings,
                budgets -> LawChoice.all.laws(budgets, null));
    }

    /** The PNG, decoded; fails when it does not decode. */
    public static BufferedImage image(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) throw new AssertionError(png + " does not decode as an image");
        return image;
    }

    /** The CSV's rows as column → cell maps, in file order. */
    public static List<Map<String, String>> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Csv.split(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = Csv.split(line);
            if (cells.size() != header.size()) throw new AssertionError(csv + ": row " + line + " != " + header);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), cells.get(i));
            rows.add(row);
        }
        return rows;
    }

    /** The rows whose {@code column} equals {@code value}. */
    public static List<Map<String, String>> where(List<Map<String, String>> rows, String column, String value) {
        return rows.stream().filter(r -> value.equals(r.get(column))).toList();
    }

    public static double number(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }
}
