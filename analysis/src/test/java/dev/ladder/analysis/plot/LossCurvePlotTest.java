package dev.ladder.analysis.plot;

import static dev.ladder.analysis.plot.FittedLadder.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.analysis.run.RunData;
import dev.ladder.data.runlog.EvalRecord;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-curves figure: PNG size, CSV rows equal to every drawable eval, colours by N. */
class LossCurvePlotTest {

    @TempDir
    static Path dir;
    static PlotInput input;
    static Figure figure;

    @BeforeAll
    static void draw() {
        input = FittedLadder.fit(dir, 0).input();
        figure = new LossCurvePlot().draw(input, dir);
    }

    @Test
    void writesAPngOfTheStatedSize() throws Exception {
        Figure.Drawn drawn = (Figure.Drawn) figure;
        assertThat(drawn.png()).isEqualTo(dir.resolve("loss-curves.png"));
        BufferedImage image = FittedLadder.image(drawn.png());
        assertThat(image.getWidth()).isEqualTo(LossCurvePlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(LossCurvePlot.HEIGHT);
    }

    @Test
    void theCsvHoldsEveryDrawableEvalOfEveryRunWithFlopsUnderTheConvention() throws Exception {
        List<Map<String, String>> rows = FittedLadder.rows(((Figure.Drawn) figure).csv());
        int expected = 0;
        for (RunData run : input.runs()) {
            List<EvalRecord> evals = run.metrics().evals().stream()
                    .filter(e -> e.tokens() > 0 && Double.isFinite(e.valLoss())).toList();
            List<Map<String, String>> mine = FittedLadder.where(rows, "runId", run.runId());
            assertThat(mine).as(run.runId()).hasSize(evals.size());
            for (int i = 0; i < evals.size(); i++) {
                Map<String, String> row = mine.get(i);
                assertThat(number(row, "tokens")).isEqualTo(evals.get(i).tokens());
                assertThat(number(row, "valLoss")).isEqualTo(evals.get(i).valLoss());
                assertThat(number(row, "flops")).isCloseTo(6.0 * run.info().params().total() * evals.get(i).tokens(),
                        within(1e-6 * number(row, "flops")));
                assertThat(row.get("status")).isEqualTo(run.status().json());
            }
            expected += evals.size();
        }
        assertThat(rows).hasSize(expected);
        assertThat(FittedLadder.where(rows, "runId", LadderFixture.DIVERGED)).hasSize(LadderFixture.EVALS / 2 - 1);
    }

    @Test
    void coloursRunFromDarkSmallModelsToBrightLargeOnes() {
        double[] brightness = new double[11];
        for (int i = 0; i <= 10; i++) {
            Color c = ColorMap.at(i / 10.0);
            brightness[i] = 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
        }
        for (int i = 1; i <= 10; i++) assertThat(brightness[i]).isGreaterThan(brightness[i - 1]);
        assertThat(ColorMap.logScale(1e5, 1e5, 1e7)).isEqualTo(ColorMap.at(0));
        assertThat(ColorMap.logScale(1e6, 1e5, 1e7)).isEqualTo(ColorMap.at(0.5));
    }
}
