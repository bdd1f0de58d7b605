package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.LadderConfig;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.model.FlopsCount;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {

    private static final int VOCAB = 43;
    private static final String RUN = "\"run\": {\"model\": {\"seqLen\": 32}, \"train\": {\"batchSize\": 8}}";

    @TempDir
    Path dir;

    private Plan plan(String body) throws IOException {
        Path file = dir.resolve("ladder.json");
        Files.writeString(file, "{\"name\": \"t\", " + RUN + ", " + body + "}");
        LadderConfig ladder = ConfigLoader.loadLadder(file);
        return Planner.plan(file.toString(), ladder, VOCAB);
    }

    @Test
    void gridGivesEveryShapeEveryRatioCheapestFirstWithItsOwnScheduleBudget() throws IOException {
        Plan plan = plan("\"grid\": {\"shapes\": [\"25k\", \"3.3k\"], \"tokensPerParam\": [10, 5]}, \"seeds\": [1, 2]");
        assertThat(plan.rungs()).hasSize(8);
        for (int i = 1; i < plan.rungs().size(); i++) {
            assertThat(plan.rungs().get(i).flops()).isGreaterThanOrEqualTo(plan.rungs().get(i - 1).flops());
            assertThat(plan.rungs().get(i).index()).isEqualTo(i);
        }
        for (Rung r : plan.rungs()) {
            RunConfig run = r.runConfig("test");
            assertThat(run.train().tokens()).isEqualTo(r.tokens());
            assertThat(run.seed()).isEqualTo(r.seed());
            assertThat(run.model().dModel()).isEqualTo(r.model().dModel());
            assertThat(r.flops()).isEqualTo(FlopsCount.kaplan6N(r.model()) * r.tokens());
        }
        assertThat(plan.rungs()).extracting(r -> Math.round(r.tokensPerParam())).containsOnly(5L, 10L);
        assertThat(plan.rungs().stream().map(Rung::runId).distinct()).hasSize(8);
    }

    @Test
    void isoflopGivesEachShapeTheTokensThatSpendTheBudget() throws IOException {
        Plan plan = plan("\"isoflop\": {\"flops\": [1e10, 1e11], \"shapes\": [\"3.3k\", \"13k\", \"25k\"]}");
        assertThat(plan.rungs()).hasSize(6);
        for (Rung r : plan.rungs()) {
            double budget = r.flops() < 5e10 ? 1e10 : 1e11;
            assertThat(r.flops() / budget).isCloseTo(1.0, offset(1e-4));
        }
    }

    @Test
    void explicitRungsAndLrRuleScaleWithWidth() throws IOException {
        Plan plan = plan("\"rungs\": [{\"shape\": \"L1-d16-h2\", \"tokens\": 5000}, {\"shape\": \"13k\", \"tokens\": "
                + "20000}], \"lr\": {\"base\": 0.004, \"baseWidth\": 16, \"exponent\": 1}, \"minSteps\": 10");
        assertThat(plan.rungs()).extracting(Rung::lr).containsExactly(0.004, 0.002);
        assertThat(plan.rungs().get(0).runId()).isEqualTo("L1-d16-h2-t5k-s1");

        // exponent 2 from width 32: 0.012 for width 16, capped at 0.01; 0.003 for width 32, under the cap
        Plan capped = plan("\"rungs\": [{\"shape\": \"L1-d16-h2\", \"tokens\": 5000}, {\"shape\": \"13k\", \"tokens\": "
                + "20000}], \"lr\": {\"base\": 0.003, \"baseWidth\": 32, \"exponent\": 2, \"max\": 0.01},"
                + " \"minSteps\": 10");
        assertThat(capped.rungs()).extracting(Rung::lr).containsExactly(0.01, 0.003);
        assertThatThrownBy(() -> plan("\"rungs\": [{\"shape\": \"13k\", \"tokens\": 20000}], \"lr\": {\"base\":"
                + " 0.003, \"baseWidth\": 32, \"exponent\": 2, \"max\": 0}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lr.max");
    }

    @Test
    void refusesARungShortOfMinStepsEvenAtOneSequenceNamingItsStepsAndTheMinimum() {
        // 5,000 tokens of 32-token sequences: 156 steps at batch 1, below the default minimum of 200
        assertThatThrownBy(() -> plan("\"rungs\": [{\"shape\": \"3.3k\", \"tokens\": 5000}]"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rung 3.3k-t5k-s1")
                .hasMessageContaining(5000 / 32 + " optimizer steps")
                .hasMessageContaining("minSteps = " + LadderConfig.DEFAULT_MIN_STEPS)
                .hasMessageContaining("at least 6,400 tokens");
        assertThatThrownBy(() -> plan("\"rungs\": [{\"shape\": \"3.3k\", \"tokens\": 100}], \"minSteps\": 5"))
                .hasMessageContaining("rung 3.3k-t100-s1")
                .hasMessageContaining("3 optimizer steps");
        assertThatThrownBy(() -> plan("\"rungs\": [{\"shape\": \"3.3k\", \"tokens\": 100}], \"minSteps\": 0"))
                .hasMessageContaining("minSteps = 0")
                .hasMessageContaining(">= 1");
    }

    @Test
    void repairsAStepStarvedRungWithTheLargestBatchThatReachesMinSteps() throws IOException {
        Plan plan = plan("\"isoflop\": {\"flops\": [3e9, 3e10], \"shapes\": [\"3.3k\", \"13k\", \"57k\"]}");
        boolean repaired = false;
        for (Rung r : plan.rungs()) {
            RunConfig run = r.runConfig("test");
            assertThat(run.train().batchSize()).isEqualTo(r.batchSize());
            assertThat(run.steps()).isEqualTo(r.steps()).isGreaterThanOrEqualTo(LadderConfig.DEFAULT_MIN_STEPS);
            long ruleBatch = Math.max(1, Math.round(8 * Math.pow(r.plannedFlops() / 3e10,
                    LadderConfig.DEFAULT_BATCH_EXPONENT)));
            if (r.batchNote() == null) {
                assertThat(r.batchSize()).as(r.runId()).isEqualTo(ruleBatch);
            } else {
                repaired = true;
                assertThat(r.batchSize()).as(r.runId()).isLessThan((int) ruleBatch);
                // one more sequence per step would fall short of the minimum
                assertThat(r.tokens() / ((r.batchSize() + 1L) * 32)).isLessThan(LadderConfig.DEFAULT_MIN_STEPS);
                assertThat(r.batchNote()).contains("minSteps = 200").contains("cut to " + r.batchSize());
            }
        }
        assertThat(repaired).as("the 57k shape at 3e9 FLOPs is short of steps at the rule's batch").isTrue();
    }

    @Test
    void batchScalesWithThePlannedBudgetByTheConfiguredExponent() throws IOException {
        String shapes = "\"isoflop\": {\"flops\": [1e10, 1e11, 1e12], \"shapes\": [\"0.9k\", \"3.3k\", \"13k\"]}";
        Plan rule = plan(shapes + ", \"minSteps\": 1");
        Plan fixed = plan(shapes + ", \"minSteps\": 1, \"batchExponent\": 0");
        for (Rung r : rule.rungs()) {
            assertThat(r.plannedFlops()).isIn(1e10, 1e11, 1e12);
            double expected = 8 * Math.pow(r.plannedFlops() / 1e12, 0.3271);
            assertThat((double) r.batchSize()).as(r.runId()).isCloseTo(expected, offset(0.5));
            assertThat(r.batchNote()).isNull();
        }
        assertThat(rule.rungs()).extracting(Rung::batchSize).contains(2, 4, 8);
        assertThat(fixed.rungs()).extracting(Rung::batchSize).containsOnly(8);
        assertThatThrownBy(() -> plan(shapes + ", \"batchExponent\": 1.5"))
                .hasMessageContaining("batchExponent = 1.5").hasMessageContaining("[0, 1]");
    }

    @Test
    void refusesAnUnknownShapeListingTheTableAndTheExplicitForm() {
        assertThatThrownBy(() -> plan("\"grid\": {\"shapes\": [\"huge\"], \"tokens\": [10000]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("grid.shapes = \"huge\"")
                .hasMessageContaining("100k")
                .hasMessageContaining("L<layers>-d<dModel>-h<heads>");
    }

    @Test
    void refusesTwoDesignsAndUnknownKeys() {
        assertThatThrownBy(() -> plan("\"grid\": {\"shapes\": [\"3.3k\"], \"tokens\": [10000]}, \"rungs\": []"))
                .hasMessageContaining("exactly one of grid, isoflop, rungs, distillation and finetuning");
        assertThatThrownBy(() -> plan("\"grid\": {\"shapes\": [\"3.3k\"], \"tokens\": [10000]}, \"seed\": 3"))
                .hasMessageContaining("unknown config key \"seed\"")
                .hasMessageContaining("seeds");
        assertThatThrownBy(() -> plan("\"grid\": {\"shapes\": \"3.3k\", \"tokens\": [10000]}"))
                .hasMessageContaining("grid.shapes")
                .hasMessageContaining("a list");
    }

    @Test
    void refusesAModelTooBigForMemoryNamingTheRung() throws IOException {
        Plan plan = plan("\"rungs\": [{\"shape\": \"L48-d4096-h32\", \"tokens\": 1000000}]");
        assertThatThrownBy(() -> MemoryCheck.check("ladder.json", plan, 8, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rung L48-d4096-h32-t1M-s1 memory");
    }

    @Test
    void shapeTableCommentsAreTheParamCount() {
        for (ShapeTable.Shape s : ShapeTable.all().values()) {
            long n = ParamCount.of(new ModelConfig(s.nLayer(), s.nHead(), s.dModel(), 64, VOCAB, true)).nonEmbedding();
            String name = s.name();
            double scale = name.endsWith("m") ? 1e6 : 1e3;
            double named = Double.parseDouble(name.substring(0, name.length() - 1)) * scale;
            assertThat(Math.abs(n - named) / n).as(name + " vs N = " + n).isLessThan(0.03);
        }
        assertThat(List.copyOf(ShapeTable.all().keySet())).contains("3.3k", "100k", "793k", "3.2m");
    }

    @Test
    void everyLadderConfigShippedInConfigsLoadsAndPlans() throws IOException {
        List<Path> ladders;
        try (var files = Files.list(Path.of("..", "configs"))) {
            ladders = files.filter(f -> f.toString().endsWith(".json")).filter(f -> {
                try {
                    return Files.readString(f).contains("\"name\"");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().toList();
        }
        assertThat(ladders).extracting(f -> f.getFileName().toString())
                .contains("classroom.json", "classroom-mixed-depth.json", "classroom-isoflop.json", "isoflop-cpu.json", "tiny-ladder.json", "gpu-box.json");
        for (Path file : ladders) {
            Plan plan = Planner.plan(file.toString(), ConfigLoader.loadLadder(file), VOCAB);
            assertThat(plan.rungs()).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void compactTokenCountsReadShort() {
        assertThat(Planner.compact(2_000_000)).isEqualTo("2M");
        assertThat(Planner.compact(150_000)).isEqualTo("150k");
        assertThat(Planner.compact(1_234_567)).isEqualTo("1.23M");
        assertThat(Planner.compact(999)).isEqualTo("999");
        assertThat(Planner.compact(999_936)).isEqualTo("1M");       // a budget of 1M short of its last partial batch
    }
}
