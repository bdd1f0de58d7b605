package dev.ladder.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.analysis.fit.Bootstrap;
import dev.ladder.analysis.fit.FlopCount;
import dev.ladder.analysis.fit.ParamCount;
import dev.ladder.analysis.plot.DistillationPlot;
import dev.ladder.analysis.plot.Figure;
import dev.ladder.analysis.plot.FittedLadder;
import dev.ladder.analysis.plot.PostTrainingLadder;
import dev.ladder.analysis.cli.LawChoice;
import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.runlog.RunJson;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ladder with distillation students and fine-tuned runs gets the post-training fits and figures. */
class PostTrainingReportTest {

    @TempDir
    Path dir;

    static LadderReport.Fitting fit(Path ladder, int bootstrap) {
        ReportSettings settings = new ReportSettings(ParamCount.total, FlopCount.kaplan, false, bootstrap,
                Bootstrap.Method.runs, 1, 0, 0.95);
        return LadderReport.fit(RunReader.read(List.of(ladder)), settings,
                budgets -> LawChoice.all.laws(budgets, null));
    }

    @Test
    void reportFitsThePostTrainingLawsAndDrawsTheirFigures() throws Exception {
        Path ladder = PostTrainingLadder.write(dir);
        LadderReport.Written written = LadderReport.write(fit(ladder, 10), dir.resolve("out"));
        Map<String, Figure> figures = new java.util.HashMap<>();
        for (Figure f : written.figures()) figures.put(f.name(), f);
        for (String name : List.of("distillation", "finetune", "transfer")) {
            assertThat(figures.get(name)).as(name + ": " + figures.get(name)).isInstanceOf(Figure.Drawn.class);
            BufferedImage image = FittedLadder.image(((Figure.Drawn) figures.get(name)).png());
            assertThat(image.getWidth()).isEqualTo(DistillationPlot.WIDTH);
        }
        JsonNode fits = RunJson.MAPPER.readTree(written.fitJson().toFile()).get("fits");
        Map<String, JsonNode> byLaw = new java.util.HashMap<>();
        fits.forEach(f -> byLaw.put(f.get("law").asText(), f));
        assertThat(byLaw).containsKeys("chinchilla", "supervised", "distillation", "finetune", "transfer");
        assertThat(byLaw.get("supervised").get("parameters").get("E").asDouble()).isCloseTo(1.0, within(0.02));
        assertThat(byLaw.get("distillation").get("runsUsed")).hasSize(16);
        assertThat(byLaw.get("distillation").get("parameters").get("c0").asDouble()).isCloseTo(2.5, within(0.1));
        JsonNode transfer = byLaw.get("transfer").get("parameters");
        assertThat(transfer.get("alpha").asDouble()).isCloseTo(0.2, within(0.05));
        assertThat(transfer.get("beta").asDouble()).isCloseTo(0.4, within(0.05));
        // Students and fine-tuned runs stay out of the pre-training fits, with the reason.
        assertThat(byLaw.get("chinchilla").get("runsExcluded").toString()).contains("distillation student")
                .contains("fine-tuned run");
        List<Map<String, String>> gap = FittedLadder.where(FittedLadder.rows(
                ((Figure.Drawn) figures.get("distillation")).csv()), "series", "capacityGap");
        assertThat(gap).hasSize(4);
        for (Map<String, String> row : gap) {
            double best = FittedLadder.number(row, "teacherLoss");
            assertThat(FittedLadder.number(row, "lo")).isLessThanOrEqualTo(best);
            assertThat(FittedLadder.number(row, "hi")).isGreaterThanOrEqualTo(best);
        }
        String html = Files.readString(written.html());
        assertThat(html).contains("fig-distillation").contains("fig-finetune").contains("fig-transfer");
    }
}
