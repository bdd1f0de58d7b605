package dev.ladder.analysis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.analysis.fit.Bootstrap;
import dev.ladder.analysis.fit.FitReport;
import dev.ladder.analysis.fit.FitResult;
import dev.ladder.analysis.plot.LadderFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report command through picocli: exit code, files written, defaults and invalid input. */
class ReportCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheReportFitJsonAndEveryFigureIntoTheFirstRunsFolderByDefault() throws Exception {
        Path ladder = LadderFixture.write(dir);
        CliRun run = CliRun.of(new ReportCommand(), ladder.toString(), "--bootstrap", "20", "--seed", "4",
                "--bootstrap-method", "residuals");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(ladder.resolve("report.html")).isRegularFile();
        for (String figure : new String[] {"loss-curves", "frontier", "isoflop", "optimal-allocation", "parity",
            "entropy"}) {
            assertThat(ladder.resolve(figure + ".png")).as(figure).isRegularFile();
            assertThat(ladder.resolve(figure + ".csv")).as(figure).isRegularFile();
            assertThat(run.out()).contains("figure " + figure + ": " + figure + ".png");
        }
        FitReport report = FitReport.read(ladder.resolve("fit.json"));
        assertThat(report.fits()).extracting(f -> f.law()).contains("chinchilla", "isoflop", "envelope");
        assertThat(report.fits().get(0).seed()).isEqualTo(4);
        assertThat(report.fits().get(0).bootstrap()).isEqualTo(20);
        Map<String, Bootstrap.Method> methods = report.fits().stream()
                .collect(Collectors.toMap(FitResult::law, FitResult::bootstrapMethod));
        assertThat(methods).containsEntry("chinchilla", Bootstrap.Method.residuals)
                .containsEntry("isoflop", Bootstrap.Method.runs).containsEntry("envelope", Bootstrap.Method.runs);
        assertThat(Files.readString(ladder.resolve("report.html")))
                .contains("residuals: the design fixed, residuals resampled for ");
        assertThat(run.out()).contains("wrote " + ladder.resolve("report.html"));
    }

    @Test
    void writesIntoOutWhenGiven() throws Exception {
        Path ladder = LadderFixture.write(dir);
        Path out = dir.resolve("out/report");
        CliRun run = CliRun.of(new ReportCommand(), ladder.toString(), "--bootstrap", "0", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(ladder.resolve("report.html")).doesNotExist();
        assertThat(Files.readString(out.resolve("report.html"))).contains("iso-c0-n0");
    }

    @Test
    void aMissingRunsFolderIsInvalidInput() {
        CliRun run = CliRun.of(new ReportCommand(), dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nope").contains("not found");
    }

    @Test
    void aNegativeBootstrapIsInvalidInputNamingTheOption() {
        CliRun run = CliRun.of(new ReportCommand(), dir.toString(), "--bootstrap", "-1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bootstrap").contains("-1").contains(">= 0");
    }
}
