package dev.ladder.analysis.plot;

import static dev.ladder.analysis.plot.FittedLadder.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.analysis.fit.FitResult;
import dev.ladder.analysis.run.RunFixtures;
import dev.ladder.data.runlog.RunSummary;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fitted-E figure: every law's E and interval beside the known entropy rate and the context floor; skipped without
 * a known rate.
 */
class EntropyPlotTest {

    @TempDir
    Path dir;

    @Test
    void drawsEachFittedEWithItsIntervalAndTheEntropyRate() throws Exception {
        PlotInput input = FittedLadder.fit(dir, 20).input();
        Figure.Drawn figure = (Figure.Drawn) new EntropyPlot().draw(input, dir);
        BufferedImage image = FittedLadder.image(figure.png());
        assertThat(image.getWidth()).isEqualTo(EntropyPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(EntropyPlot.HEIGHT);
        List<Map<String, String>> rows = FittedLadder.rows(figure.csv());
        List<FitResult> withE = input.fitted().stream().map(f -> f.result())
                .filter(r -> r.parameters().containsKey("E")).toList();
        List<Map<String, String>> fits = FittedLadder.where(rows, "series", "fit");
        assertThat(fits).extracting(r -> r.get("law")).containsExactlyElementsOf(
                withE.stream().map(FitResult::law).toList());
        assertThat(fits).extracting(r -> r.get("law")).contains("chinchilla");
        for (FitResult law : withE) {
            Map<String, String> row = FittedLadder.where(fits, "law", law.law()).get(0);
            assertThat(number(row, "value")).isEqualTo(law.parameters().get("E"));
            assertThat(number(row, "lo")).isEqualTo(law.intervals().get("E")[0]);
            assertThat(number(row, "hi")).isEqualTo(law.intervals().get("E")[1]);
        }
        Map<String, String> truth = FittedLadder.where(rows, "series", "entropyRate").get(0);
        assertThat(number(truth, "value")).isEqualTo(LadderFixture.E);
        assertThat(number(truth, "hi") - number(truth, "value")).isCloseTo(1.96 * 0.002,
                within(1e-12));
        Map<String, String> floor = FittedLadder.where(rows, "series", "contextFloor").get(0);
        assertThat(number(floor, "value")).as("the fixture's runs record a context floor 0.01 above the rate")
                .isEqualTo(LadderFixture.E + 0.01);
        assertThat(figure.caption()).contains("context 128");
        Map<String, String> chinchilla = FittedLadder.where(fits, "law", "chinchilla").get(0);
        assertThat(Math.abs(number(chinchilla, "value") - LadderFixture.E)).as("approach 3 recovers E").isLessThan(0.1);
    }

    @Test
    void isSkippedWhenTheCorpusHasNoKnownEntropyRate() {
        Path ladder = dir.resolve("tiny");
        for (int i = 0; i < 3; i++) {
            RunFixtures.writeRun(ladder, "tiny-" + i, 20_000L << i, RunSummary.Status.COMPLETED, 0);
        }
        Figure figure = new EntropyPlot().draw(FittedLadder.fitFolder(ladder, 0, 0).input(), dir);
        assertThat(((Figure.Skipped) figure).reason()).contains("no known entropy rate");
    }
}
