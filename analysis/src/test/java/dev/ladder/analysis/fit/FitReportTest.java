package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.data.runlog.RunJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit.json round trip: what the fit command writes, plots and reports can read back unchanged. */
class FitReportTest {

    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWrote() {
        FitData data = SyntheticLadder.CHINCHILLA.isoFlop(4, 6, 0.01, 9);
        Conventions conventions = Conventions.of("total", "kaplan", true, data);
        List<ScalingLaw> laws = List.of(new KaplanLaw(LawInput.PARAMS), new IsoFlopLaw(Budgets.beyond(data)),
                new EnvelopeLaw(Budgets.beyond(data)));
        FitReport report = FitPipeline.run(laws, data, conventions,
                new FitPipeline.Settings(10, Bootstrap.Method.runs, 3, 2, 0.9));
        Path file = dir.resolve("fit.json");
        report.write(file);
        FitReport back = FitReport.read(file);
        assertThat(back.refused()).hasSize(1).allSatisfy(r -> assertThat(r).startsWith("envelope"));
        FitResult original = report.fits().get(0);
        FitResult read = back.fits().get(0);
        assertThat(read.parameters()).isEqualTo(original.parameters());
        assertThat(read.intervals().get("alpha_N")).containsExactly(original.intervals().get("alpha_N"));
        assertThat(read.holdout()).isEqualTo(original.holdout());
        assertThat(read.conventions()).isEqualTo(conventions);
        assertThat(read.runsUsed()).isEqualTo(data.runIds());
        assertThat(back.fits().get(1).derived()).isEqualTo(report.fits().get(1).derived());
    }

    @Test
    void theBootstrapMethodUsedIsReadBackAndOlderFilesWithoutItReadAsRuns() throws Exception {
        FitData data = SyntheticLadder.CHINCHILLA.isoFlop(3, 5, 0.01, 9);
        Conventions conventions = Conventions.of("total", "kaplan", true, data);
        List<ScalingLaw> laws = List.of(new KaplanLaw(LawInput.PARAMS), new IsoFlopLaw(Budgets.beyond(data)));
        FitReport report = FitPipeline.run(laws, data, conventions,
                new FitPipeline.Settings(10, Bootstrap.Method.residuals, 3, 0, 0.9));
        Path file = dir.resolve("fit.json");
        report.write(file);
        FitReport back = FitReport.read(file);
        assertThat(back.fits()).extracting(FitResult::bootstrapMethod)
                .containsExactly(Bootstrap.Method.residuals, Bootstrap.Method.runs);

        ObjectNode older = (ObjectNode) RunJson.MAPPER.readTree(file.toFile());
        older.get("fits").forEach(fit -> ((ObjectNode) fit).remove("bootstrapMethod"));
        Path olderFile = dir.resolve("older-fit.json");
        Files.writeString(olderFile, older.toString());
        assertThat(FitReport.read(olderFile).fits()).extracting(FitResult::bootstrapMethod)
                .containsOnly(Bootstrap.Method.runs);

        FitReport unbooted = FitPipeline.run(laws.subList(0, 1), data, conventions,
                new FitPipeline.Settings(0, Bootstrap.Method.residuals, 3, 0, 0.9));
        assertThat(unbooted.fits().get(0).bootstrapMethod()).isNull();
        assertThat(RunJson.MAPPER.writeValueAsString(unbooted)).doesNotContain("bootstrapMethod");
    }
}
