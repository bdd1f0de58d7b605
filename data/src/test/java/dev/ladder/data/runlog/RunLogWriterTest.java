package dev.ladder.data.runlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics writer after a crash: a cut-off last line is kept aside, and later lines follow a complete one. */
class RunLogWriterTest {

    @TempDir
    Path dir;

    private static StepRecord step(long step) {
        return new StepRecord("r1", step, step * 64, step * 1.0e6, 3.0 - step * 0.01, 1e-3, 1.0, step * 0.1, 100.0);
    }

    @Test
    void aCutOffLastLineIsMovedToThePartialFileAndTheResumedLogReadsWithoutWarnings() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        try (RunLogWriter writer = new RunLogWriter(file)) {
            writer.write(step(1));
            writer.write(step(2));
        }
        String third = RunLogWriter.toJson(step(3));
        String cut = third.substring(0, third.length() / 2);
        Files.writeString(file, Files.readString(file) + cut);
        assertThat(RunLogReader.read(file).warnings()).hasSize(1);

        ByteArrayOutputStream warned = new ByteArrayOutputStream();
        try (RunLogWriter writer = new RunLogWriter(file, new PrintStream(warned, true, StandardCharsets.UTF_8))) {
            writer.write(step(3));
        }
        MetricsLog log = RunLogReader.read(file);
        assertThat(log.warnings()).isEmpty();
        assertThat(log.steps()).containsExactly(step(1), step(2), step(3));
        Path partial = dir.resolve("metrics.jsonl" + RunLogWriter.PARTIAL_SUFFIX);
        assertThat(partial).hasContent(cut + "\n");
        assertThat(warned.toString(StandardCharsets.UTF_8)).contains(file.toString()).contains("cut off")
                .contains(partial.toString());
    }

    @Test
    void aSummaryCutShortIsACorruptFileNamingThePath() throws Exception {
        Path summary = dir.resolve("summary.json");
        RunJson.writeAtomically(summary, new RunSummary(1, "r1", RunSummary.Status.COMPLETED, 2.0, 1.9, 64, 1, 0.5,
                null, null));
        String whole = Files.readString(summary);
        Files.writeString(summary, whole.substring(0, whole.length() / 2));
        assertThatThrownBy(() -> RunJson.readSummary(summary)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining(summary.toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temp files left by the atomic write").containsExactly(summary);
        }
    }
}
