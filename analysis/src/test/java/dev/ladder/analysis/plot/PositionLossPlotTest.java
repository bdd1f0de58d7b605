package dev.ladder.analysis.plot;

import static dev.ladder.analysis.plot.FittedLadder.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.analysis.run.RunData;
import dev.ladder.analysis.run.RunFixtures;
import dev.ladder.data.runlog.RunSummary;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loss-by-position figure: each run's whole-split loss at every position, the entropy rate and the floor. */
class PositionLossPlotTest {

    @TempDir
    Path dir;

    @Test
    void drawsEveryPositionOfEveryRunWithTheEntropyRateAndTheContextFloor() throws Exception {
        PlotInput input = FittedLadder.fit(dir, 0).input();
        Figure.Drawn figure = (Figure.Drawn) new PositionLossPlot().draw(input, dir);
        BufferedImage image = FittedLadder.image(figure.png());
        assertThat(image.getWidth()).isEqualTo(PositionLossPlot.WIDTH);
        List<Map<String, String>> rows = FittedLadder.rows(figure.csv());
        List<RunData> withPositions = input.runs().stream()
                .filter(r -> PositionLossPlot.byPosition(r).isPresent()).toList();
        assertThat(withPositions).isNotEmpty().allMatch(r -> r.status().json().equals("completed"));
        for (RunData run : withPositions) {
            List<Map<String, String>> points = FittedLadder.where(rows, "runId", run.runId());
            List<Double> losses = PositionLossPlot.byPosition(run).orElseThrow();
            assertThat(points).hasSize(losses.size());
            assertThat(number(points.get(5), "valLoss")).isEqualTo(losses.get(5));
        }
        assertThat(number(FittedLadder.where(rows, "runId", "entropyRate").get(0), "valLoss"))
                .isEqualTo(LadderFixture.E);
        Map<String, String> floor = FittedLadder.where(rows, "runId", "contextFloor").get(0);
        assertThat(number(floor, "valLoss")).isEqualTo(LadderFixture.E + 0.01);
        assertThat(number(floor, "position")).isEqualTo(128);
        assertThat(figure.caption()).contains("context 128");
    }

    @Test
    void isSkippedWhenNoRunLoggedAWholeSplitEvaluation() {
        Path ladder = dir.resolve("tiny");
        for (int i = 0; i < 3; i++) {
            RunFixtures.writeRun(ladder, "tiny-" + i, 20_000L << i, RunSummary.Status.COMPLETED, 0);
        }
        Figure figure = new PositionLossPlot().draw(FittedLadder.fitFolder(ladder, 0, 0).input(), dir);
        assertThat(((Figure.Skipped) figure).reason()).contains("lossByPosition");
    }
}
