package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.analysis.run.RunData;
import dev.ladder.analysis.run.RunFixtures;
import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunLogWriter;
import dev.ladder.data.runlog.RunSummary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs become fit data under the chosen conventions, with broken runs and warmup points left out. */
class RunObservationsTest {

    @TempDir
    Path ladder;

    @Test
    void excludesDivergedRunsAndWarmupPointsAndUsesTheChosenConventions() {
        RunFixtures.writeRun(ladder, "ok", 10_000, RunSummary.Status.COMPLETED, 5000);
        RunFixtures.writeRun(ladder, "bad", 20_000, RunSummary.Status.DIVERGED, 0);
        RunFixtures.writeRun(ladder, "live", 40_000, null, 0);
        FitData data = RunObservations.from(RunReader.read(List.of(ladder)), ParamCount.nonEmbedding,
                FlopCount.exact, false);
        assertThat(data.runIds()).containsExactly("ok");
        assertThat(data.excluded()).extracting(Exclusion::runId).containsExactly("bad", "live");
        assertThat(data.excluded().get(0).reason()).contains("status diverged").contains("loss NaN at step 11");
        assertThat(data.excluded().get(1).reason()).contains("status unknown");
        assertThat(data.curvesByRun().get("ok")).extracting(Observation::tokens)
                .containsExactly(6144.0, 8192.0, 10240.0);
        assertThat(data.curvesByRun()).containsKey("live").doesNotContainKey("bad");
        Observation last = data.finals().get(0);
        assertThat(last.params()).isEqualTo(10_000);
        assertThat(last.flops()).isCloseTo(1.1 * 6 * 10_000 * 10_240, within(1e-3));
        assertThat(data.flopsPerParamToken()).isCloseTo(6.6, within(1e-9));
    }

    @Test
    void theWholeSplitEvaluationIsTheFinalLossAndTheCurveKeepsThePeriodicOnes() {
        Path dir = RunFixtures.writeRun(ladder, "ok", 10_000, RunSummary.Status.COMPLETED, 0);
        EvalRecord whole = new EvalRecord("ok", 10, 10_240, 6.0e4 * 10_240, 2.01, 11, 0.004, 262_144L, true,
                List.of(2.3, 2.0, 1.9));
        try (RunLogWriter log = new RunLogWriter(new RunDirectory(dir).metrics())) {
            log.write(whole);
        }
        RunData run = RunReader.readRun(dir);
        assertThat(run.finalEval()).contains(whole);
        FitData data = RunObservations.from(List.of(run), ParamCount.nonEmbedding, FlopCount.kaplan, false);
        assertThat(data.finals()).singleElement().extracting(Observation::loss).isEqualTo(2.01);
        assertThat(data.curves()).hasSize(5).noneMatch(o -> o.loss() == 2.01);
    }

    @Test
    void keepsWarmupPointsWhenAskedAndCountsTotalParams() {
        RunFixtures.writeRun(ladder, "ok", 10_000, RunSummary.Status.COMPLETED, 5000);
        FitData data = RunObservations.from(RunReader.read(List.of(ladder)), ParamCount.total, FlopCount.kaplan,
                true);
        assertThat(data.curves()).hasSize(5);
        assertThat(data.finals().get(0).params()).isEqualTo(10_000 + 16_384);
    }
}
