package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;

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
        FitReport report = FitPipeline.run(laws, data, conventions, new FitPipeline.Settings(10, 3, 2, 0.9));
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
}
