package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.runlog.RunJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ladder bench}: each shape measured in a child JVM, reported as JSON or a table; bad shapes are refused. */
class BenchCommandTest {

    @Test
    void jsonHasOneObjectPerShapeWithExactlyTheDocumentedFields() throws Exception {
        InProcessCli.Result result = InProcessCli.run("bench", "--shapes", "32/1/2", "--steps", "2", "--warmup", "1",
                "--threads", "1", "--batch", "4", "--seq", "32", "--engine", "fast", "--json");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.OK);
        JsonNode array = RunJson.MAPPER.readTree(result.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(1);
        JsonNode shape = array.get(0);
        List<String> fields = new ArrayList<>();
        shape.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("shape", "engine", "threads", "tokensPerSecond", "msPerStep",
                "mfu", "peakRssBytes", "vectorBits");
        assertThat(shape.get("shape").asText()).isEqualTo("32/1/2");
        assertThat(shape.get("engine").asText()).isEqualTo("fast");
        assertThat(shape.get("threads").asInt()).isEqualTo(1);
        assertThat(shape.get("tokensPerSecond").asDouble()).isPositive();
        assertThat(shape.get("msPerStep").asDouble()).isPositive();
        assertThat(shape.get("mfu").asDouble()).isPositive();
        assertThat(shape.get("peakRssBytes").isIntegralNumber()).isTrue();
        assertThat(shape.get("peakRssBytes").asLong()).isGreaterThan(50_000_000L);
        assertThat(shape.get("vectorBits").asInt()).as("the fast engine's host kernels ran in the child JVM")
                .isIn(128, 256, 512);
    }

    @Test
    void badShapeIsInvalidInputNamingTheOptionTheValueAndTheForm() {
        InProcessCli.Result result = InProcessCli.run("bench", "--shapes", "64/2/2,64x2", "--json");
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("--shapes").contains("64x2").contains("d/L/H").doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void headsThatDoNotDivideTheWidthAreRefused() {
        InProcessCli.Result result = InProcessCli.run("bench", "--shapes", "30/1/4");
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("--shapes").contains("30/1/4");
    }
}
