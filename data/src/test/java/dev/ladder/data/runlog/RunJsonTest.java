package dev.ladder.data.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json and run.json: the fields added for whole-split evaluation and the context floor round-trip. */
class RunJsonTest {

    @TempDir
    Path dir;

    @Test
    void summaryWithTheWholeSplitErrorRoundTrips() {
        RunSummary summary = new RunSummary(1, "r1", RunSummary.Status.COMPLETED, 1.48, 1.52, 1000, 10, 3.5, null,
                1L << 28, 0.0031, 262_144L);
        Path file = dir.resolve("summary.json");
        RunJson.writeAtomically(file, summary);
        assertThat(RunJson.readSummary(file)).isEqualTo(summary);
    }

    @Test
    void summaryWrittenBeforeTheWholeSplitEvaluationStillReads() throws IOException {
        Path file = dir.resolve("summary.json");
        Files.writeString(file, "{\"schemaVersion\":1,\"runId\":\"r1\",\"status\":\"completed\",\"finalValLoss\":1.56,"
                + "\"bestValLoss\":1.55,\"tokens\":1000,\"steps\":10,\"wallSeconds\":3.5}");
        RunSummary summary = RunJson.readSummary(file);
        assertThat(summary.finalValLoss()).isEqualTo(1.56);
        assertThat(summary.finalValLossStderr()).isNull();
        assertThat(summary.finalValTokens()).isNull();
    }

    @Test
    void corpusInfoWithAContextFloorRoundTripsAndAnOldOneReads() throws IOException {
        RunInfo.CorpusInfo floor = new RunInfo.CorpusInfo("synthetic:markov", "char", 1.807, null, 1.81, 0.0, 64);
        RunInfo info = new RunInfo(1, "r1", null, null, null, new RunInfo.Params(10, 8, 2),
                new RunInfo.FlopsPerToken(60, 60, 50.0), 1000, 0, 1, floor, null, null);
        Path file = dir.resolve("run.json");
        RunJson.writeAtomically(file, info);
        assertThat(RunJson.readInfo(file).corpus()).isEqualTo(floor);

        ObjectNode tree = (ObjectNode) RunJson.MAPPER.readTree(file.toFile());
        ((ObjectNode) tree.get("corpus")).remove(List.of("contextFloor", "contextFloorError", "contextLength"));
        Files.writeString(file, tree.toString());
        RunInfo.CorpusInfo old = RunJson.readInfo(file).corpus();
        assertThat(old.entropyRate()).isEqualTo(1.807);
        assertThat(old.contextFloor()).isNull();
        assertThat(old.contextLength()).isNull();
    }
}
