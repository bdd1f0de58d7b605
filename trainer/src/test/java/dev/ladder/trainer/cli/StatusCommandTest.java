package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogWriter;
import dev.ladder.data.runlog.RunRecord;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.runlog.StepRecord;
import dev.ladder.trainer.cli.InProcessCli.Result;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.ladder.Plan;
import dev.ladder.trainer.ladder.Planner;
import dev.ladder.trainer.ladder.Rung;
import dev.ladder.trainer.train.RunLock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ladder status}: each rung's state read from its run directory, as a table and as JSON. */
class StatusCommandTest {

    private static final String LADDER = "{\"name\": \"st\", \"run\": {\"model\": {\"seqLen\": 16},"
            + " \"train\": {\"batchSize\": 4}},"
            + " \"grid\": {\"shapes\": [\"3.3k\", \"13k\"], \"tokensPerParam\": [4, 8]}}";

    @TempDir
    Path dir;

    private Path runs;
    private Path ladderDir;
    private Plan plan;

    @BeforeEach
    void writePlan() throws IOException {
        Path config = dir.resolve("st.json");
        Files.writeString(config, LADDER);
        plan = Planner.plan(config.toString(), ConfigLoader.loadLadder(config), 43);
        runs = dir.resolve("runs");
        ladderDir = runs.resolve("st");
        plan.write(ladderDir.resolve(Plan.FILE_NAME));
    }

    @Test
    void aFreshPlanShowsEveryRungPending() {
        Result result = InProcessCli.run("status", ladderDir.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.OK);
        assertThat(result.out()).contains("ladder st (4 rungs)").contains("  pending: 4")
                .doesNotContain("running").doesNotContain("completed");
        for (Rung r : plan.rungs()) {
            assertThat(row(result.out(), r)).containsExactly(String.valueOf(r.index()), r.runId(), "pending",
                    "0/" + r.tokens(), "0.0%", "-");
        }
    }

    @Test
    void completedInterruptedRunningAndPendingRungsShowInTheTableAndTheJson() throws IOException {
        List<Rung> rungs = plan.rungs();
        Rung done = rungs.get(0);
        Rung stopped = rungs.get(1);
        Rung live = rungs.get(2);
        Rung waiting = rungs.get(3);
        log(done, done.tokens(), 2.5);
        summary(done, RunSummary.Status.COMPLETED, done.tokens());
        log(stopped, 640, 3.25);
        log(live, 320, null);
        summary(live, RunSummary.Status.INTERRUPTED, 320);   // stopped once, now resumed by a live process
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        RunLock lock = RunLock.acquire(ladderDir.resolve(live.runId()), quiet);
        try {
            Result table = InProcessCli.run("status", runs.toString());
            assertThat(table.exitCode()).as(table.err()).isEqualTo(ExitCode.OK);
            assertThat(row(table.out(), done)).containsExactly("0", done.runId(), "completed",
                    done.tokens() + "/" + done.tokens(), "100.0%", "2.5000", "±", "0.0125");
            assertThat(row(table.out(), stopped)).containsExactly("1", stopped.runId(), "interrupted",
                    "640/" + stopped.tokens(), percent(640, stopped.tokens()), "3.2500");
            assertThat(row(table.out(), live)).containsExactly("2", live.runId(), "running",
                    "320/" + live.tokens(), percent(320, live.tokens()), "-");
            assertThat(row(table.out(), waiting)).containsExactly("3", waiting.runId(), "pending",
                    "0/" + waiting.tokens(), "0.0%", "-");
            assertThat(table.out()).contains("  pending: 1  running: 1  completed: 1  interrupted: 1");

            Result json = InProcessCli.run("status", ladderDir.toString(), "--json");
            assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCode.OK);
            JsonNode ladders = RunJson.MAPPER.readTree(json.out());
            assertThat(ladders.size()).isEqualTo(1);
            assertThat(ladders.get(0).get("ladder").asText()).isEqualTo("st");
            JsonNode r = ladders.get(0).get("rungs");
            assertThat(r.size()).isEqualTo(4);
            assertThat(List.of(r.get(0).get("state").asText(), r.get(1).get("state").asText(),
                    r.get(2).get("state").asText(), r.get(3).get("state").asText()))
                    .containsExactly("completed", "interrupted", "running", "pending");
            assertThat(r.get(1).get("runId").asText()).isEqualTo(stopped.runId());
            assertThat(r.get(1).get("tokensDone").asLong()).isEqualTo(640);
            assertThat(r.get(1).get("tokensPlanned").asLong()).isEqualTo(stopped.tokens());
            assertThat(r.get(1).get("lastValLoss").asDouble()).isEqualTo(3.25);
            assertThat(r.get(0).get("lastValLoss").asDouble()).isEqualTo(2.5);
            assertThat(r.get(0).get("lastValLossStderr").asDouble()).isEqualTo(0.0125);
            assertThat(r.get(1).has("lastValLossStderr")).isFalse();
            assertThat(r.get(2).has("lastValLoss")).isFalse();
            assertThat(r.get(3).get("tokensDone").asLong()).isZero();
        } finally {
            lock.close();
        }
        Result after = InProcessCli.run("status", ladderDir.toString());
        assertThat(row(after.out(), live)).as("the lock released: the resumed run's last summary counts")
                .contains("interrupted");
    }

    @Test
    void aFolderWithoutAPlanIsInvalidInputNamingIt() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result result = InProcessCli.run("status", empty.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains(empty.toString()).contains("no plan.json").doesNotContain("\tat ");

        Path missing = dir.resolve("missing");
        Result none = InProcessCli.run("status", missing.toString());
        assertThat(none.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(none.err()).contains(missing.toString()).contains("not found");
    }

    /** The whitespace-separated cells of {@code rung}'s row in a status table. */
    private static List<String> row(String table, Rung rung) {
        List<String> rows = table.lines().filter(l -> l.contains(" " + rung.runId() + " ")).toList();
        assertThat(rows).as(table).hasSize(1);
        return List.of(rows.get(0).strip().split("\\s+"));
    }

    private static String percent(long done, long planned) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * done / planned);
    }

    /** A metrics.jsonl of 4 steps up to {@code tokens} and, when {@code valLoss} is given, an eval at the end. */
    private void log(Rung rung, long tokens, Double valLoss) {
        Path metrics = ladderDir.resolve(rung.runId()).resolve("metrics.jsonl");
        try (RunLogWriter writer = new RunLogWriter(metrics)) {
            for (long step = 1; step <= 4; step++) {
                writer.write(new StepRecord(rung.runId(), step, tokens * step / 4, 6.0 * tokens * step / 4, 3.5, 1e-3,
                        null, step * 0.1, null));
            }
            // the completed rung's last eval carries its standard error, the interrupted one's (an older log) not
            Double stderr = tokens == rung.tokens() ? 0.0125 : null;
            if (valLoss != null) {
                writer.write(new EvalRecord(rung.runId(), 4, tokens, 6.0 * tokens, valLoss, 1, stderr, null, null,
                        null));
            }
        }
    }

    private void summary(Rung rung, RunSummary.Status status, long tokens) {
        Double loss = status == RunSummary.Status.COMPLETED ? 2.5 : null;
        RunJson.writeAtomically(ladderDir.resolve(rung.runId()).resolve("summary.json"), new RunSummary(
                RunRecord.CURRENT_VERSION, rung.runId(), status, loss, loss, tokens, 4, 1.0, null, null));
    }
}
