package dev.ladder.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.analysis.plot.Figure;
import dev.ladder.analysis.plot.FittedLadder;
import dev.ladder.analysis.plot.LadderFixture;
import dev.ladder.analysis.plot.Plot;
import dev.ladder.analysis.run.RunFixtures;
import dev.ladder.data.runlog.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page of a real ladder: every figure embedded, the tables and sentences, escaping, no network. */
class LadderReportTest {

    private static final String ODD_RUN = "odd<b>&'\"run";

    @TempDir
    static Path dir;
    static LadderReport.Written written;
    static String html;

    @BeforeAll
    static void writeReport() throws Exception {
        Path ladder = LadderFixture.write(dir);
        RunFixtures.writeRun(ladder, ODD_RUN, 40_000, RunSummary.Status.FAILED, 0);
        written = LadderReport.write(FittedLadder.fitFolder(ladder, 20, 2), dir.resolve("report"));
        html = Files.readString(written.html());
    }

    @Test
    void embedsEveryFigureAsTheBytesOfItsPng() throws Exception {
        assertThat(written.figures()).hasSize(Plot.all().size()).allMatch(f -> f instanceof Figure.Drawn);
        Matcher images = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        List<byte[]> embedded = new ArrayList<>();
        while (images.find()) embedded.add(Base64.getDecoder().decode(images.group(1)));
        assertThat(embedded).hasSize(Plot.all().size());
        for (int i = 0; i < embedded.size(); i++) {
            Figure.Drawn figure = (Figure.Drawn) written.figures().get(i);
            assertThat(embedded.get(i)).isEqualTo(Files.readAllBytes(figure.png()));
            assertThat(html).contains("<figure id=\"fig-" + figure.name() + "\">").contains(figure.csv().getFileName()
                    .toString());
        }
        assertThat(dir.resolve("report/fit.json")).isRegularFile();
    }

    @Test
    void showsThePlanTheLawsWithIntervalsAndTheAllocationInWords() {
        for (String header : PlanSection.HEADERS) assertThat(html).contains("<th>" + Html.escape(header) + "</th>");
        for (String header : LawSection.HEADERS) assertThat(html).contains("<th>" + header + "</th>");
        assertThat(html).contains("iso-c0-n0").contains("iso-c2-n4").contains("L2 d40 h4 ctx128 V256");
        assertThat(html).contains("<b>chinchilla</b>").contains("<b>isoflop</b>").contains("<b>envelope</b>")
                .contains("L(N, D) = E + A/N^alpha + B/D^beta");
        assertThat(html).containsPattern("at 1\\.60&times;10<sup>14</sup> FLOPs, train N \u2248 [^<]+&times;10<sup>5"
                + "</sup> parameters .*on D \u2248 .* tokens");
        assertThat(html).contains("Extrapolation check").contains("held-out run").contains("mean |relative error|");
    }

    @Test
    void listsExcludedRunsWithTheirReasonsConventionsAndProvenance() {
        assertThat(html).contains("id=\"excluded\"").contains(LadderFixture.DIVERGED)
                .contains("status diverged: loss NaN at step 60").contains(LadderFixture.INTERRUPTED)
                .contains("status interrupted: no final loss");
        assertThat(html).contains("total (Chinchilla").contains("kaplan: 6\u00b7N_nonEmbedding")
                .contains("warmupTokens excluded");
        assertThat(html).contains("abc1234").contains("nd4j-native").contains("17.0.9").contains("Linux/amd64")
                .contains("2026-11-24T08:00:00Z").contains("synthetic:default");
    }

    @Test
    void escapesTextAndNeedsNothingFromTheNetwork() {
        assertThat(html).contains("odd&lt;b&gt;&amp;&#39;&quot;run").doesNotContain(ODD_RUN);
        assertThat(html).doesNotContain("<script").doesNotContainPattern("(src|href)=\"(https?:)?//")
                .doesNotContain("@import").doesNotContain("url(");
    }

    @Test
    void aLadderTheLawsCannotFitStillGetsAReportSayingWhy() throws Exception {
        Path ladder = dir.resolve("small/tiny");
        for (int i = 0; i < 3; i++) {
            RunFixtures.writeRun(ladder, "tiny-" + i, 20_000L << i, RunSummary.Status.COMPLETED, 0);
        }
        LadderReport.Written small = LadderReport.write(FittedLadder.fitFolder(ladder, 0, 2), dir.resolve("small"));
        String page = Files.readString(small.html());
        assertThat(page).contains("Not drawn: isoflop: needs").contains("Not drawn: chinchilla: needs \u2265 5 runs")
                .contains("Not drawn: the corpus has no known entropy rate")
                .contains("holding out 2 runs needs \u2265 7 runs with a final loss, got 3");
        assertThat(small.figures()).filteredOn(f -> f instanceof Figure.Drawn)
                .extracting(Figure::name).contains("loss-curves");
    }
}
