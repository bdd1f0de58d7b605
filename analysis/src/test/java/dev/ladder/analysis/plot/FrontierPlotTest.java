package dev.ladder.analysis.plot;

import static dev.ladder.analysis.plot.FittedLadder.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.analysis.fit.Envelope;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.LossPredictor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compute-frontier figure: envelope, fitted L(C) with band a decade beyond, fitted E and the entropy rate. */
class FrontierPlotTest {

    @TempDir
    static Path dir;
    static PlotInput input;
    static Figure.Drawn figure;
    static List<Map<String, String>> rows;

    @BeforeAll
    static void draw() throws Exception {
        input = FittedLadder.fit(dir, 20).input();
        figure = (Figure.Drawn) new FrontierPlot().draw(input, dir);
        rows = FittedLadder.rows(figure.csv());
    }

    @Test
    void writesAPngOfTheStatedSize() throws Exception {
        BufferedImage image = FittedLadder.image(figure.png());
        assertThat(image.getWidth()).isEqualTo(FrontierPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(FrontierPlot.HEIGHT);
    }

    @Test
    void theEnvelopeRowsAreTheLowerEnvelopeOfTheFittedCurves() {
        List<Envelope.Point> envelope = Envelope.of(input.data().curvesByRun());
        List<Map<String, String>> drawn = FittedLadder.where(rows, "series", "envelope");
        assertThat(drawn).hasSize(envelope.size());
        for (int i = 0; i < envelope.size(); i++) {
            assertThat(number(drawn.get(i), "flops")).isEqualTo(envelope.get(i).flops());
            assertThat(number(drawn.get(i), "loss")).isEqualTo(envelope.get(i).loss());
        }
        assertThat(FittedLadder.where(rows, "series", "curve")).hasSize(input.data().curves().size());
    }

    @Test
    void theFitRowsFollowTheFittedLawWithABandAndGoADecadeBeyondTheData() {
        FitPipeline.Fitted law = input.law("floor-C").orElseThrow();
        LossPredictor predictor = law.estimate().predictor().orElseThrow();
        List<Map<String, String>> fit = FittedLadder.where(rows, "series", "fit");
        List<Map<String, String>> beyond = FittedLadder.where(rows, "series", "fitExtrapolated");
        assertThat(fit).hasSize(FitLine.POINTS);
        for (Map<String, String> row : fit) {
            double c = number(row, "flops");
            assertThat(number(row, "loss")).isCloseTo(predictor.loss(Double.NaN, Double.NaN, c), within(1e-12));
            assertThat(number(row, "lossLo")).isLessThan(number(row, "lossHi"));
        }
        double largest = Envelope.of(input.data().curvesByRun()).stream().mapToDouble(Envelope.Point::flops).max()
                .orElseThrow();
        assertThat(number(beyond.get(beyond.size() - 1), "flops")).isCloseTo(10 * largest, within(1e-6 * largest));
        assertThat(number(FittedLadder.where(rows, "series", "E").get(0), "loss"))
                .isEqualTo(law.result().parameters().get("E"));
        assertThat(number(FittedLadder.where(rows, "series", "entropyRate").get(0), "loss"))
                .isEqualTo(LadderFixture.E);
        assertThat(figure.caption()).contains("floor-C").contains("entropy rate");
    }
}
