package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.trainer.cli.ExitCode;
import dev.ladder.trainer.cli.InProcessCli;
import dev.ladder.trainer.cli.InProcessCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ladder run} with rungs that depend on other rungs, real worker processes: a WSD ladder of two shapes whose
 * first stable run fails. The other shape's branches start only after their stable run completed; the failed one's
 * branches are blocked, not trained, and {@code ladder status} says so.
 */
class LadderDependencyTest {

    /** Two shapes, each a stable run and branches of 10 and 20 steps (64 tokens per step). */
    private static final String LADDER = "{\"name\": \"dep\", \"run\": {\"data\": {\"corpus\":"
            + " \"synthetic:markov?chars=60000\"}, \"model\": {\"seqLen\": 16}, \"optim\": {\"lr\": 0.003},"
            + " \"train\": {\"batchSize\": 4, \"evalBatches\": 2}},"
            + " \"grid\": {\"shapes\": [\"3.3k\", \"L1-d24-h2\"], \"tokens\": [640, 1280]}, \"minSteps\": 1, \"batchExponent\": 0, \"wsd\": {\"cooldown\": 0.2}}";

    @TempDir
    Path dir;

    @Test
    void branchesWaitForTheirStableRunAndAreBlockedWhenItFails() throws Exception {
        Path config = dir.resolve("dep.json");
        Files.writeString(config, LADDER);
        Path out = dir.resolve("runs");
        Path ladderDir = out.resolve("dep");
        // a folder where its metrics log goes: this stable run fails to write its log, again when retried (a corrupt
        // checkpoint would not do: it is moved aside and the run starts again)
        Files.createDirectories(ladderDir.resolve("L1-d24-h2-stable-s1").resolve("metrics.jsonl"));

        Result run = InProcessCli.run("run", config.toString(), "--out", out.toString(), "--workers", "2",
                "--threads", "1", "--cache-dir", dir.resolve("cache").toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.out()).contains("L1-d24-h2-t640-s1: blocked: parent L1-d24-h2-stable-s1 failed")
                .contains("2 blocked");

        Result status = InProcessCli.run("status", ladderDir.toString(), "--json");
        assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCode.OK);
        Map<String, String> states = new HashMap<>();
        for (JsonNode r : RunJson.MAPPER.readTree(status.out()).get(0).get("rungs")) {
            states.put(r.get("runId").asText(), r.get("state").asText());
        }
        assertThat(states).containsEntry("3.3k-stable-s1", "completed").containsEntry("3.3k-t640-s1", "completed")
                .containsEntry("3.3k-t1.28k-s1", "completed").containsEntry("L1-d24-h2-stable-s1", "failed")
                .containsEntry("L1-d24-h2-t640-s1", "blocked").containsEntry("L1-d24-h2-t1.28k-s1", "blocked");
        assertThat(ladderDir.resolve("L1-d24-h2-t640-s1").resolve("run.json")).doesNotExist();
        assertThat(ladderDir.resolve("L1-d24-h2-t1.28k-s1").resolve("run.json")).doesNotExist();
        Result table = InProcessCli.run("status", ladderDir.toString());
        assertThat(table.out()).contains("blocked: 2").contains("completed: 3").contains("failed: 1");

        Instant stableDone = Files.getLastModifiedTime(ladderDir.resolve("3.3k-stable-s1").resolve("summary.json"))
                .toInstant();
        for (String branch : new String[] {"3.3k-t640-s1", "3.3k-t1.28k-s1"}) {
            Instant started = Files.getLastModifiedTime(ladderDir.resolve(branch).resolve("run.json")).toInstant();
            assertThat(started).as(branch + " started after its stable run completed").isAfter(stableDone);
        }
    }
}
