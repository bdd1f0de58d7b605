package dev.ladder.analysis.plot;

import static dev.ladder.analysis.plot.FittedLadder.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.ladder.analysis.fit.ComputeOptimal;
import dev.ladder.analysis.fit.IsoFlopLaw;
import dev.ladder.analysis.fit.Observation;
import dev.ladder.analysis.run.RunFixtures;
import dev.ladder.data.runlog.RunSummary;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IsoFLOP figure: runs, parabolas and minima per budget; skipped with the refusal when approach 2 is. */
class IsoFlopPlotTest {

    @TempDir
    Path dir;

    @Test
    void drawsEachBudgetsRunsParabolaAndAMinimumNearTheTrueOptimum() throws Exception {
        PlotInput input = FittedLadder.fit(dir, 0).input();
        Figure.Drawn figure = (Figure.Drawn) new IsoFlopPlot().draw(input, dir);
        BufferedImage image = FittedLadder.image(figure.png());
        assertThat(image.getWidth()).isEqualTo(IsoFlopPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(IsoFlopPlot.HEIGHT);
        List<Map<String, String>> rows = FittedLadder.rows(figure.csv());
        List<Map<String, String>> runs = FittedLadder.where(rows, "series", "run");
        assertThat(runs).hasSize(input.data().finals().size());
        for (Observation o : input.data().finals()) {
            Map<String, String> row = FittedLadder.where(runs, "runId", o.runId()).get(0);
            assertThat(number(row, "params")).isEqualTo(o.params());
            assertThat(number(row, "loss")).isEqualTo(o.loss());
        }
        List<Map<String, String>> minima = FittedLadder.where(rows, "series", "minimum");
        assertThat(minima).hasSize(LadderFixture.BUDGETS.length);
        ComputeOptimal truth = new ComputeOptimal(LadderFixture.A, LadderFixture.B, LadderFixture.ALPHA,
                LadderFixture.BETA, 6);
        for (int i = 0; i < minima.size(); i++) {
            double budget = number(minima.get(i), "budget");
            assertThat(budget).isCloseTo(LadderFixture.BUDGETS[i], withinPercentage(1));
            double ratio = number(minima.get(i), "params") / truth.params(LadderFixture.BUDGETS[i]);
            assertThat(ratio).as("minimum / true N_opt at budget " + i).isBetween(0.75, 1.33);
        }
        IsoFlopLaw.Profile first = IsoFlopLaw.profiles(input.data().finals()).get(0);
        Map<String, String> point = FittedLadder.where(rows, "series", "parabola").get(0);
        assertThat(number(point, "loss")).isEqualTo(first.loss(number(point, "params")));
    }

    @Test
    void isSkippedWithApproach2sRefusalWhenTheRunsHaveNoIsoFlopStructure() {
        Path ladder = dir.resolve("tiny");
        for (int i = 0; i < 4; i++) {
            RunFixtures.writeRun(ladder, "tiny-" + i, 20_000L << i, RunSummary.Status.COMPLETED, 0);
        }
        PlotInput input = FittedLadder.fitFolder(ladder, 0, 0).input();
        Figure figure = new IsoFlopPlot().draw(input, dir);
        assertThat(figure).isInstanceOf(Figure.Skipped.class);
        assertThat(((Figure.Skipped) figure).reason()).startsWith("isoflop:").contains("needs");
        assertThat(dir.resolve("isoflop.png")).doesNotExist();
    }
}
