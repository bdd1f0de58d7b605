package dev.ladder.analysis.plot;

import static dev.ladder.analysis.plot.FittedLadder.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.analysis.fit.Holdout;
import dev.ladder.analysis.fit.LossPredictor;
import dev.ladder.analysis.fit.Observation;
import dev.ladder.analysis.run.RunFixtures;
import dev.ladder.data.runlog.RunSummary;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approach-3 parity figure: every run's observed and predicted loss, held-out runs marked. */
class ParityPlotTest {

    @TempDir
    Path dir;

    @Test
    void plotsEveryRunsPredictionAndTheHeldOutRunsFromTheFitWithoutThem() throws Exception {
        PlotInput input = FittedLadder.fit(dir, 0).input();
        Figure.Drawn figure = (Figure.Drawn) new ParityPlot().draw(input, dir);
        BufferedImage image = FittedLadder.image(figure.png());
        assertThat(image.getWidth()).isEqualTo(ParityPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ParityPlot.HEIGHT);
        List<Map<String, String>> rows = FittedLadder.rows(figure.csv());
        LossPredictor predictor = input.law("chinchilla").orElseThrow().estimate().predictor().orElseThrow();
        List<Map<String, String>> fit = FittedLadder.where(rows, "series", "fit");
        assertThat(fit).hasSize(input.data().finals().size());
        for (Observation o : input.data().finals()) {
            Map<String, String> row = FittedLadder.where(fit, "runId", o.runId()).get(0);
            assertThat(number(row, "observedLoss")).isEqualTo(o.loss());
            assertThat(number(row, "predictedLoss")).isCloseTo(predictor.loss(o.params(), o.tokens(), o.flops()),
                    within(1e-12));
            assertThat(Math.abs(number(row, "relativeError"))).isLessThan(0.02);
        }
        Holdout holdout = input.law("chinchilla").orElseThrow().result().holdout();
        List<Map<String, String>> held = FittedLadder.where(rows, "series", "heldOut");
        assertThat(held).hasSize(2);
        for (Holdout.HeldOutRun run : holdout.heldOut()) {
            Map<String, String> row = FittedLadder.where(held, "runId", run.runId()).get(0);
            assertThat(number(row, "predictedLoss")).isEqualTo(run.predictedLoss());
            assertThat(number(row, "relativeError")).isEqualTo(run.relativeError());
        }
        assertThat(figure.caption()).contains("2 largest-compute runs");
    }

    @Test
    void isSkippedWithApproach3sRefusalWhenTooFewRunsHaveAFinalLoss() {
        Path ladder = dir.resolve("tiny");
        for (int i = 0; i < 3; i++) {
            RunFixtures.writeRun(ladder, "tiny-" + i, 20_000L << i, RunSummary.Status.COMPLETED, 0);
        }
        Figure figure = new ParityPlot().draw(FittedLadder.fitFolder(ladder, 0, 0).input(), dir);
        assertThat(((Figure.Skipped) figure).reason()).isEqualTo("chinchilla: needs \u2265 5 runs for 5 parameters, "
                + "got 3");
    }
}
