package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.analysis.fit.Conventions;
import dev.ladder.analysis.fit.FitData;
import dev.ladder.analysis.fit.FlopCount;
import dev.ladder.analysis.fit.IsoFlopLaw;
import dev.ladder.analysis.fit.ParamCount;
import dev.ladder.analysis.fit.RunObservations;
import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.trainer.cli.ExitCode;
import dev.ladder.trainer.cli.InProcessCli;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.model.FlopsCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One FLOPs convention from plan to fit: the IsoFLOP classroom ladder (configs/classroom-isoflop.json, planned in Kaplan's 6N FLOPs),
 * its runs written as the trainer writes them (run.json with the planner's {@code plannedFlops}, FLOPs per token from
 * {@link FlopsCount}), and a loss from a known law. Approach 2 groups its 3 budgets of 5 shapes whichever convention
 * the fit counts in; without {@code plannedFlops} (older runs) Chinchilla's exact count splits them.
 */
class BudgetGroupingTest {

    private static final int VOCAB = 43;

    @TempDir
    Path dir;

    @Test
    void approachTwoGroupsTheClassroomBudgetsUnderBothConventions() throws IOException {
        Path runs = writeClassroomRuns(true);
        for (FlopCount convention : FlopCount.values()) {
            FitData data = RunObservations.from(RunReader.read(List.of(runs)), ParamCount.total, convention, false);
            List<IsoFlopLaw.Profile> profiles = IsoFlopLaw.profiles(data.finals());
            assertThat(profiles).as(convention.name()).hasSize(3).allSatisfy(p -> assertThat(p.runs()).hasSize(5));
            assertThat(profiles).extracting(p -> p.runs().stream().mapToDouble(o -> o.budget()).distinct().count())
                    .containsOnly(1L);
            Conventions conventions = Conventions.of("total", convention.name(), true, data);
            assertThat(conventions.budgetGrouping()).isEqualTo("plannedFlops");
            assertThat(conventions.plannedFlops()).isEqualTo("kaplan6N");
        }
    }

    @Test
    void withoutPlannedBudgetsTheExactConventionSplitsTheClassroomBudgets() throws IOException {
        Path runs = writeClassroomRuns(false);
        FitData kaplan = RunObservations.from(RunReader.read(List.of(runs)), ParamCount.total, FlopCount.kaplan, false);
        FitData exact = RunObservations.from(RunReader.read(List.of(runs)), ParamCount.total, FlopCount.exact, false);
        assertThat(IsoFlopLaw.profiles(kaplan.finals())).hasSize(3);
        assertThat(IsoFlopLaw.profiles(exact.finals())).as("the 1.25x grouping of exact FLOPs")
                .noneMatch(p -> p.runs().size() == 5);
        assertThat(Conventions.of("total", "exact", true, exact).budgetGrouping()).isEqualTo("flops within 1.25x");
        assertThat(Conventions.of("total", "exact", true, exact).plannedFlops()).isNull();
    }

    @Test
    void fitJsonStatesThePlanningAndFittingConventionsAndEachShapesFlopsPerToken() throws IOException {
        Path runs = writeClassroomRuns(true);
        InProcessCli.Result result = InProcessCli.run("fit", runs.toString(), "--law", "isoflop", "--flops", "exact",
                "--bootstrap", "0", "--out", dir.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.OK);
        JsonNode conventions = RunJson.MAPPER.readTree(dir.resolve("fit.json").toFile())
                .get("fits").get(0).get("conventions");
        assertThat(conventions.get("flops").asText()).isEqualTo("exact");
        assertThat(conventions.get("plannedFlops").asText()).isEqualTo("kaplan6N");
        assertThat(conventions.get("budgetGrouping").asText()).isEqualTo("plannedFlops");
        JsonNode shapes = conventions.get("flopsPerToken");
        assertThat(shapes).hasSize(5);
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (JsonNode shape : shapes) {
            double k = shape.get("flopsPerParamToken").asDouble();
            assertThat(k).isCloseTo(shape.get("flopsPerToken").asDouble() / shape.get("params").asDouble(),
                    org.assertj.core.api.Assertions.within(1e-9 * k));
            lowest = Math.min(lowest, k);
            highest = Math.max(highest, k);
        }
        assertThat(highest / lowest).as("k differs across the classroom shapes").isGreaterThan(1.1);
    }

    /**
     * The classroom plan's 15 rungs as completed runs: run.json, one final eval, summary.json, written as JSON text.
     * The final loss is L = 0.5 + 21.7/N^0.35 + 100/D^0.35 (N total parameters), whose IsoFLOP valleys lie inside
     * the classroom's shapes at every budget.
     */
    private Path writeClassroomRuns(boolean planned) throws IOException {
        Path config = Path.of("..", "configs", "classroom-isoflop.json");
        Plan plan = Planner.plan(config.toString(), ConfigLoader.loadLadder(config), VOCAB);
        Path ladder = dir.resolve("classroom");
        for (Rung r : plan.rungs()) {
            Path run = Files.createDirectories(ladder.resolve(r.runId()));
            double kaplan = FlopsCount.kaplan6N(r.model());
            ObjectNode info = RunJson.MAPPER.createObjectNode();
            info.put("schemaVersion", 1).put("runId", r.runId()).put("ladder", plan.ladder());
            info.putObject("params").put("total", r.params().total()).put("nonEmbedding", r.params().nonEmbedding())
                    .put("embedding", r.params().embedding());
            info.putObject("flopsPerToken").put("kaplan6N", kaplan)
                    .put("chinchillaExact", FlopsCount.chinchillaExact(r.model(), true));
            info.put("plannedTokens", r.tokens()).put("warmupTokens", 0).put("seed", r.seed());
            if (planned) info.put("plannedFlops", r.plannedFlops());
            Files.writeString(run.resolve("run.json"), info.toString());
            double loss = 0.5 + 21.7 / Math.pow(r.params().total(), 0.35) + 100 / Math.pow(r.tokens(), 0.35);
            Files.writeString(run.resolve("metrics.jsonl"), String.format(Locale.ROOT, "{\"schemaVersion\":1,"
                    + "\"type\":\"eval\",\"runId\":\"%s\",\"step\":%d,\"tokens\":%d,\"flops\":%s,\"valLoss\":%s,"
                    + "\"wallSeconds\":1.0}%n", r.runId(), r.steps(), r.tokens(), kaplan * r.tokens(), loss));
            Files.writeString(run.resolve("summary.json"), String.format(Locale.ROOT, "{\"schemaVersion\":1,"
                    + "\"runId\":\"%s\",\"status\":\"completed\",\"finalValLoss\":%s,\"bestValLoss\":%s,"
                    + "\"tokens\":%d,\"steps\":%d,\"wallSeconds\":1.0}", r.runId(), loss, loss, r.tokens(), r.steps()));
        }
        return ladder;
    }
}
