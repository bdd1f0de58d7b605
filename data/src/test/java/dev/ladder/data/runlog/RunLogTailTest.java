package dev.ladder.data.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunLogReader#lastStepTokens}: the progress of a growing log, read from its end. */
class RunLogTailTest {

    @TempDir
    Path dir;

    private static StepRecord step(long step) {
        return new StepRecord("r", step, step * 512, step * 1.0e6, 3.0, 1e-3, 1.0, step * 0.01, 5e4);
    }

    @Test
    void aMissingLogOrAFolderInItsPlaceHasNoProgress() throws IOException {
        assertThat(RunLogReader.lastStepTokens(dir.resolve("metrics.jsonl"))).isEmpty();
        assertThat(RunLogReader.lastStepTokens(Files.createDirectory(dir.resolve("folder")))).isEmpty();
    }

    @Test
    void readsTheLastStepOfAShortLogPastATrailingEval() {
        Path file = dir.resolve("metrics.jsonl");
        try (RunLogWriter writer = new RunLogWriter(file)) {
            for (long s = 1; s <= 3; s++) writer.write(step(s));
            writer.write(new EvalRecord("r", 3, 1536, 3.0e6, 2.9, 0.1, 0.01, 4096L, null, null));
        }
        assertThat(RunLogReader.lastStepTokens(file)).hasValue(1536);
    }

    @Test
    void readsOnlyTheEndOfALongLogAndPassesOverALineBeingWritten() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        try (RunLogWriter writer = new RunLogWriter(file)) {
            for (long s = 1; s <= 2000; s++) writer.write(step(s));
        }
        assertThat(Files.size(file)).isGreaterThan(2L * RunLogReader.TAIL_BYTES);
        List<StepRecord> steps = RunLogReader.read(file).steps();
        assertThat(RunLogReader.lastStepTokens(file)).hasValue(steps.get(steps.size() - 1).tokens());

        Files.writeString(file, "{\"schemaVersion\":1,\"type\":\"step\",\"runId\":\"r\",\"step\":2001,\"tok",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(RunLogReader.lastStepTokens(file)).hasValue(2000 * 512);
    }
}
