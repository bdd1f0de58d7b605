package dev.ladder.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ladder.analysis.plot.DistillationPlot;
import dev.ladder.analysis.plot.EntropyPlot;
import dev.ladder.analysis.plot.FinetunePlot;
import dev.ladder.analysis.plot.FittedLadder;
import dev.ladder.analysis.plot.FrontierPlot;
import dev.ladder.analysis.plot.IsoFlopPlot;
import dev.ladder.analysis.plot.LadderFixture;
import dev.ladder.analysis.plot.LossCurvePlot;
import dev.ladder.analysis.plot.OptimalAllocationPlot;
import dev.ladder.analysis.plot.ParityPlot;
import dev.ladder.analysis.plot.PositionLossPlot;
import dev.ladder.analysis.plot.PostTrainingLadder;
import dev.ladder.analysis.plot.TransferPlot;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report of a real ladder in headless Chromium and checks what it rendered: a test-only copy of the page
 * gets a probe script that, once the page has loaded, writes each image's decoded size and each table's rendered
 * height into the DOM, which Chromium dumps. Skipped, saying how to install it, when Chromium is absent.
 */
class ReportBrowserTest {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final String PROBE = """
            <script>
            window.addEventListener('load', function () {
              var out = document.createElement('pre');
              out.id = 'probe';
              var images = Array.from(document.images).map(function (i) {
                return i.complete + ':' + i.naturalWidth + 'x' + i.naturalHeight;
              });
              var tables = Array.from(document.querySelectorAll('table')).map(function (t) {
                return t.rows.length + 'r:' + Math.round(t.getBoundingClientRect().height) + 'px';
              });
              out.textContent = 'images=' + images.join(',') + ';tables=' + tables.join(',') + ';';
              document.body.appendChild(out);
            });
            </script>
            """;

    @TempDir
    Path dir;

    @Test
    void chromiumDecodesEveryFigureAndRendersTheTables() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "Chromium not found on PATH (looked for " + NAMES + "); install it to run "
                + "this test: apt-get install chromium");
        Path ladder = LadderFixture.write(dir);
        LadderReport.Written written = LadderReport.write(FittedLadder.fitFolder(ladder, 10, 2), dir.resolve("out"));
        String page = Files.readString(written.html());
        Path probed = dir.resolve("out/report-probed.html");
        Files.writeString(probed, page.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);

        String dom = dumpDom(chromium.get(), probed);
        Matcher probe = Pattern.compile("<pre id=\"probe\">images=([^;]*);tables=([^;]*);</pre>").matcher(dom);
        assertThat(probe.find()).as("the probe ran and wrote its result; DOM was:\n" + head(dom)).isTrue();
        assertThat(probe.group(1).split(",")).containsExactly(
                size(LossCurvePlot.WIDTH, LossCurvePlot.HEIGHT), size(FrontierPlot.WIDTH, FrontierPlot.HEIGHT),
                size(IsoFlopPlot.WIDTH, IsoFlopPlot.HEIGHT),
                size(OptimalAllocationPlot.WIDTH, OptimalAllocationPlot.HEIGHT),
                size(ParityPlot.WIDTH, ParityPlot.HEIGHT), size(EntropyPlot.WIDTH, EntropyPlot.HEIGHT),
                size(PositionLossPlot.WIDTH, PositionLossPlot.HEIGHT));
        String[] tables = probe.group(2).split(",");
        assertThat(tables.length).as("plan, laws, holdout, excluded, conventions, provenance").isEqualTo(6);
        int runs = LadderFixture.BUDGETS.length * LadderFixture.PER_BUDGET + 2;
        assertThat(tables[0]).startsWith((runs + 1) + "r:");
        for (String table : tables) {
            int height = Integer.parseInt(table.substring(table.indexOf(':') + 1, table.length() - 2));
            assertThat(height).as("rendered height of table " + table).isGreaterThan(20);
        }
        assertThat(dom).contains("Compute-optimal allocation").contains("iso-c1-n2");
    }

    @Test
    void chromiumDecodesThePostTrainingFigures() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "Chromium not found on PATH (looked for " + NAMES + "); install it to run "
                + "this test: apt-get install chromium");
        Path ladder = PostTrainingLadder.write(dir);
        LadderReport.Written written = LadderReport.write(PostTrainingReportTest.fit(ladder, 5), dir.resolve("out"));
        String page = Files.readString(written.html());
        Path probed = dir.resolve("out/report-probed.html");
        Files.writeString(probed, page.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
        String dom = dumpDom(chromium.get(), probed);
        Matcher probe = Pattern.compile("<pre id=\"probe\">images=([^;]*);tables=([^;]*);</pre>").matcher(dom);
        assertThat(probe.find()).as("the probe ran and wrote its result; DOM was:\n" + head(dom)).isTrue();
        List<String> images = List.of(probe.group(1).split(","));
        String post = size(DistillationPlot.WIDTH, DistillationPlot.HEIGHT);
        assertThat(images.subList(images.size() - 3, images.size())).containsExactly(post,
                size(FinetunePlot.WIDTH, FinetunePlot.HEIGHT), size(TransferPlot.WIDTH, TransferPlot.HEIGHT));
        assertThat(dom).contains("Distillation: student loss against teacher loss").contains("capacity-gap point");
    }

    private static String size(int width, int height) {
        return "true:" + width + "x" + height;
    }

    /** Runs Chromium headless on the file, offline, and returns the DOM after the page settled. */
    private String dumpDom(Path chromium, Path page) throws Exception {
        Path out = dir.resolve("dom.html");
        Path err = dir.resolve("chromium.log");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile"),
                "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish in 90 s; its log:\n" + Files.readString(err));
        }
        assertThat(process.exitValue()).as("chromium exit code; its log:\n" + Files.readString(err)).isZero();
        return Files.readString(out);
    }

    private static Optional<Path> chromium() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        return Stream.of(path.split(File.pathSeparator)).flatMap(d -> NAMES.stream().map(n -> Path.of(d, n)))
                .filter(Files::isExecutable).findFirst();
    }

    private static String head(String text) {
        return text.length() < 2000 ? text : text.substring(0, 2000) + "...";
    }
}
