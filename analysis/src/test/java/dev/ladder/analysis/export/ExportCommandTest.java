package dev.ladder.analysis.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.analysis.cli.ExportCommand;
import dev.ladder.analysis.csv.Csv;
import dev.ladder.analysis.run.RunFixtures;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogWriter;
import dev.ladder.data.runlog.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The export command writes a tidy table that reads back row by row. */
class ExportCommandTest {

    @TempDir
    Path dir;

    @Test
    void csvHasOneRowPerRunPerStepWithEvalsMergedAndEmptyCellsWhereAbsent() throws Exception {
        Path ladder = dir.resolve("tiny");
        RunFixtures.writeRun(ladder, "a", 10_000, RunSummary.Status.COMPLETED, 0);
        RunFixtures.writeRun(ladder, "b", 20_000, RunSummary.Status.DIVERGED, 0);
        Path out = dir.resolve("tidy.csv");
        int code = new CommandLine(new ExportCommand()).execute(ladder.toString(), "--format", "csv", "--out",
                out.toString());
        assertThat(code).isEqualTo(0);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 2 * 10);
        List<String> header = Csv.split(lines.get(0));
        assertThat(header).isEqualTo(TidyTable.COLUMNS);
        List<String> second = Csv.split(lines.get(2));
        assertThat(second.get(header.indexOf("runId"))).isEqualTo("a");
        assertThat(second.get(header.indexOf("ladder"))).isEqualTo("tiny");
        assertThat(second.get(header.indexOf("step"))).isEqualTo("2");
        assertThat(Long.parseLong(second.get(header.indexOf("tokens")))).isEqualTo(2048);
        double valLoss = Double.parseDouble(second.get(header.indexOf("valLoss")));
        double trainLoss = Double.parseDouble(second.get(header.indexOf("trainLoss")));
        assertThat(trainLoss - valLoss).isCloseTo(0.05, within(1e-9));
        assertThat(second.get(header.indexOf("paramsNonEmbedding"))).isEqualTo("10000");
        assertThat(Csv.split(lines.get(1)).get(header.indexOf("valLoss"))).isEmpty();
        assertThat(Csv.split(lines.get(11)).get(header.indexOf("status"))).isEqualTo("diverged");
    }

    @Test
    void jsonlHasOneObjectPerRowWithNullWhereAbsent() throws Exception {
        Path run = RunFixtures.writeRun(dir, "a", 10_000, RunSummary.Status.COMPLETED, 0);
        try (RunLogWriter log = new RunLogWriter(new RunDirectory(run).metrics())) {
            log.write(new EvalRecord("a", 10, 10_240, 6.0e4 * 10_240, 2.01, 11, 0.004, 262_144L, true, List.of(2.0)));
        }
        Path out = dir.resolve("tidy.jsonl");
        int code = new CommandLine(new ExportCommand()).execute(dir.toString(), "--format", "jsonl", "--out",
                out.toString());
        assertThat(code).isEqualTo(0);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(10);
        JsonNode first = RunJson.MAPPER.readTree(lines.get(0));
        assertThat(first.get("valLoss").isNull()).isTrue();
        assertThat(first.get("nLayer").asInt()).isEqualTo(2);
        assertThat(RunJson.MAPPER.readTree(lines.get(9)).get("valLoss").isNumber()).isTrue();
        assertThat(first.get("finalValLoss").asDouble()).isEqualTo(2.01);
        assertThat(first.get("finalValLossStderr").asDouble()).isEqualTo(0.004);
        assertThat(RunJson.MAPPER.readTree(lines.get(9)).get("valLoss").asDouble()).isNotEqualTo(2.01);
    }
}
