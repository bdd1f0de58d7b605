package dev.ladder.analysis.plot;

import static dev.ladder.analysis.plot.FittedLadder.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.ladder.analysis.fit.Budgets;
import dev.ladder.analysis.fit.FitResult;
import dev.ladder.analysis.fit.Observation;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The N_opt(C), D_opt(C) figure: each approach's power law with a band, dashed a decade beyond the data. */
class OptimalAllocationPlotTest {

    @TempDir
    static Path dir;
    static PlotInput input;
    static Figure.Drawn figure;
    static List<Map<String, String>> rows;

    @BeforeAll
    static void draw() throws Exception {
        input = FittedLadder.fit(dir, 20).input();
        figure = (Figure.Drawn) new OptimalAllocationPlot().draw(input, dir);
        rows = FittedLadder.rows(figure.csv());
    }

    @Test
    void writesAPngOfTheStatedSize() throws Exception {
        BufferedImage image = FittedLadder.image(figure.png());
        assertThat(image.getWidth()).isEqualTo(OptimalAllocationPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(OptimalAllocationPlot.HEIGHT);
    }

    @Test
    void eachLawsCurveMeetsItsFitJsonAllocationAtTheLargestBudgetAndExtendsADecade() {
        double largest = input.data().finals().stream().mapToDouble(Observation::flops).max().orElseThrow();
        for (String law : OptimalAllocationPlot.LAWS) {
            FitResult fit = input.law(law).orElseThrow().result();
            for (String quantity : List.of("nOpt", "dOpt")) {
                List<Map<String, String>> curve = FittedLadder.where(FittedLadder.where(rows, "series", law),
                        "quantity", quantity);
                List<Map<String, String>> solid = FittedLadder.where(curve, "extrapolated", "false");
                List<Map<String, String>> dashed = FittedLadder.where(curve, "extrapolated", "true");
                assertThat(solid).as(law + " " + quantity).hasSize(FitLine.POINTS);
                assertThat(dashed).hasSize(FitLine.POINTS / 2);
                Map<String, String> edge = solid.get(solid.size() - 1);
                assertThat(number(edge, "flops")).isCloseTo(largest, withinPercentage(1e-9));
                assertThat(number(edge, "value")).as(law + " " + quantity + " at the largest C")
                        .isCloseTo(fit.derived().get(Budgets.key(quantity, largest)), withinPercentage(1e-6));
                assertThat(number(dashed.get(dashed.size() - 1), "flops"))
                        .isCloseTo(10 * largest, withinPercentage(1e-9));
                for (Map<String, String> row : curve) {
                    assertThat(number(row, "lo")).isLessThanOrEqualTo(number(row, "hi"));
                }
            }
        }
    }

    @Test
    void theIsoFlopMinimaAreThePoints() {
        List<Map<String, String>> minima = FittedLadder.where(rows, "series", "isoflop minima");
        assertThat(minima).hasSize(2 * LadderFixture.BUDGETS.length);
        double k = input.data().flopsPerParamToken();
        List<Map<String, String>> n = FittedLadder.where(minima, "quantity", "nOpt");
        List<Map<String, String>> d = FittedLadder.where(minima, "quantity", "dOpt");
        for (int i = 0; i < n.size(); i++) {
            assertThat(number(d.get(i), "value") * k * number(n.get(i), "value"))
                    .isCloseTo(number(n.get(i), "flops"), withinPercentage(1e-9));
        }
    }
}
