package dev.ladder.data.runlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.jsonl: write/read round trip, the repeated-step rule, truncated lines, versions, the v1 fixture. */
class RunLogRoundTripTest {

    @TempDir
    Path dir;

    private static StepRecord step(long step, double loss) {
        return new StepRecord("r1", step, step * 1024, step * 1.0e9, loss, 3e-4, 1.5, step * 0.1, 1e4);
    }

    @Test
    void writtenRecordsReadBackEqual() {
        Path file = dir.resolve("metrics.jsonl");
        try (RunLogWriter writer = new RunLogWriter(file)) {
            writer.write(step(1, 5.0));
            writer.write(new EvalRecord("r1", 1, 1024, 1.0e9, 4.9, 0.2));
            writer.write(new StepRecord("r1", 2, 2048, 2.0e9, Double.NaN, 3e-4, null, 0.3, null));
        }
        MetricsLog log = RunLogReader.read(file);
        assertThat(log.steps()).hasSize(2);
        assertThat(log.steps().get(0)).isEqualTo(step(1, 5.0));
        assertThat(log.steps().get(1).trainLoss()).isNaN();
        assertThat(log.steps().get(1).gradNorm()).isNull();
        assertThat(log.evals()).containsExactly(new EvalRecord("r1", 1, 1024, 1.0e9, 4.9, 0.2));
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void lastRecordForARepeatedStepWins() {
        Path file = dir.resolve("metrics.jsonl");
        try (RunLogWriter writer = new RunLogWriter(file)) {
            writer.write(step(1, 5.0));
            writer.write(step(2, 4.0));
            writer.write(step(3, 3.0));
        }
        try (RunLogWriter resumed = new RunLogWriter(file)) {
            resumed.write(step(2, 4.5));
            resumed.write(step(3, 3.5));
            resumed.write(step(4, 3.2));
        }
        MetricsLog log = RunLogReader.read(file);
        assertThat(log.steps()).extracting(StepRecord::step).containsExactly(1L, 2L, 3L, 4L);
        assertThat(log.steps()).extracting(StepRecord::trainLoss).containsExactly(5.0, 4.5, 3.5, 3.2);
    }

    @Test
    void truncatedLastLineIsSkippedWithAWarning() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        try (RunLogWriter writer = new RunLogWriter(file)) {
            writer.write(step(1, 5.0));
        }
        String full = RunLogWriter.toJson(step(2, 4.0));
        Files.writeString(file, full.substring(0, full.length() / 2), StandardOpenOption.APPEND);
        MetricsLog log = RunLogReader.read(file);
        assertThat(log.steps()).extracting(StepRecord::step).containsExactly(1L);
        assertThat(log.warnings()).singleElement().asString()
                .contains("metrics.jsonl:2").contains("truncated last line");
    }

    /** A crash can cut the last line inside a multi-byte UTF-8 character; that line too is skipped, not fatal. */
    @Test
    void lastLineCutInsideAUtf8CharacterIsSkippedWithAWarning() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        try (RunLogWriter writer = new RunLogWriter(file)) {
            writer.write(step(1, 5.0));
        }
        StepRecord accented = new StepRecord("r\u00e9sum\u00e9", 2, 2048, 2.0e9, 4.0, 3e-4, null, 0.2, null);
        byte[] line = RunLogWriter.toJson(accented).getBytes(StandardCharsets.UTF_8);
        int cut = new String(line, StandardCharsets.UTF_8).indexOf('\u00e9') + 1;
        Files.write(file, Arrays.copyOf(line, cut), StandardOpenOption.APPEND);
        MetricsLog log = RunLogReader.read(file);
        assertThat(log.steps()).extracting(StepRecord::step).containsExactly(1L);
        assertThat(log.warnings()).singleElement().asString().contains("truncated last line");
    }

    @Test
    void brokenLineBeforeTheEndIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("metrics.jsonl"),
                "{\"schemaVersion\":1,\"type\":\"step\n" + RunLogWriter.toJson(step(2, 4.0)) + "\n");
        assertThatThrownBy(() -> RunLogReader.read(file))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("metrics.jsonl:1");
    }

    @Test
    void unknownSchemaVersionIsRefusedWithTheSupportedRange() throws IOException {
        Path file = Files.writeString(dir.resolve("metrics.jsonl"), RunLogWriter.toJson(step(1, 5.0)) + "\n"
                + "{\"schemaVersion\":99,\"type\":\"step\",\"runId\":\"r1\",\"step\":2}\n");
        assertThatThrownBy(() -> RunLogReader.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metrics.jsonl:2").hasMessageContaining("schemaVersion = 99")
                .hasMessageContaining("allowed: 1.." + RunRecord.CURRENT_VERSION);
    }

    @Test
    void unknownRecordTypeIsRefusedListingTypes() throws IOException {
        Path file = Files.writeString(dir.resolve("metrics.jsonl"),
                "{\"schemaVersion\":1,\"type\":\"note\",\"runId\":\"r1\",\"step\":2}\n");
        assertThatThrownBy(() -> RunLogReader.read(file))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("\"note\"")
                .hasMessageContaining("[step, eval]");
    }

    /** The frozen v1 fixture: files written by schema version 1 must keep loading after later versions exist. */
    @Test
    void frozenVersion1FixtureStillLoads() throws URISyntaxException {
        Path fixture = Path.of(getClass().getResource("sample-run-v1.jsonl").toURI());
        MetricsLog log = RunLogReader.read(fixture);
        assertThat(log.steps()).extracting(StepRecord::step).containsExactly(1L, 2L, 3L);
        assertThat(log.steps().get(1).trainLoss()).isEqualTo(5.2);
        assertThat(log.steps().get(2).gradNorm()).isNull();
        assertThat(log.steps().get(2).trainLoss()).isNaN();
        assertThat(log.evals()).singleElement().extracting(EvalRecord::valLoss).isEqualTo(5.05);
        assertThat(log.evals().get(0).valLossStderr()).isNull();
        assertThat(log.wholeSplit()).isEmpty();
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void theWholeSplitEvaluationIsKeptApartFromThePeriodicOneAtTheSameStep() {
        Path file = dir.resolve("metrics.jsonl");
        EvalRecord periodic = new EvalRecord("r1", 5, 5120, 5.0e9, 2.1, 1.0, 0.02, 4096L, null, null);
        EvalRecord whole = new EvalRecord("r1", 5, 5120, 5.0e9, 2.05, 1.0, 0.004, 99_999L, true,
                List.of(2.5, 2.1, 1.9));
        try (RunLogWriter writer = new RunLogWriter(file)) {
            writer.write(periodic);
            writer.write(whole);
        }
        assertThat(RunLogWriter.toJson(periodic)).doesNotContain("wholeSplit").doesNotContain("lossByPosition");
        MetricsLog log = RunLogReader.read(file);
        assertThat(log.evals()).containsExactly(periodic);
        assertThat(log.wholeSplit()).contains(whole);
    }
}
