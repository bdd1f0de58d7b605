package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.trainer.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staged submission of a plan with dependencies: the rungs without parents in one array, then each stable run's
 * branches in an array that waits (afterok) on exactly that stable run's array task. Needs no Slurm; the run on a
 * real cluster is in {@link SlurmLadderTest}.
 */
class SlurmSubmitScriptTest {

    @TempDir
    Path dir;

    @Test
    void branchesOfEachStableRunWaitForItsArrayTaskOnly() throws IOException {
        Path file = dir.resolve("w.json");
        Files.writeString(file, "{\"name\": \"w\", \"run\": {\"model\": {\"seqLen\": 32}, \"train\": {\"batchSize\": 8}},"
                + " \"grid\": {\"shapes\": [\"3.3k\", \"13k\"], \"tokens\": [25600, 51200]}, \"minSteps\": 1, \"batchExponent\": 0, \"wsd\": {\"cooldown\": 0.2}}");
        Plan plan = Planner.plan(file.toString(), ConfigLoader.loadLadder(file), 43);
        assertThat(SlurmScript.staged(plan)).isTrue();
        String script = new SlurmScript(null, 0, 1, "01:00:00", 2, null).renderSubmit(plan, Path.of("/r/w/w.sbatch"));

        List<String> sbatch = script.lines().filter(l -> l.contains("sbatch --parsable")).toList();
        assertThat(sbatch).hasSize(3);
        int stable33 = index(plan, "3.3k-stable-s1");
        int stable13 = index(plan, "13k-stable-s1");
        assertThat(sbatch.get(0)).startsWith("job0=$(sbatch --parsable --array=")
                .contains("--array=" + Math.min(stable33, stable13) + "," + Math.max(stable33, stable13) + "%2 ")
                .doesNotContain("--dependency").endsWith("\"$script\")");
        for (String shape : List.of("3.3k", "13k")) {
            int stable = index(plan, shape + "-stable-s1");
            String line = sbatch.stream().filter(l -> l.contains("afterok:${job0}_" + stable + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no array waits for " + shape + "'s stable run:\n" + script));
            assertThat(line).contains("--array=" + index(plan, shape + "-t25.6k-s1") + ","
                    + index(plan, shape + "-t51.2k-s1") + "%2").contains("--kill-on-invalid-dep=yes");
        }
        assertThat(script).startsWith("#!/bin/bash\n").contains("script=/r/w/w.sbatch\n");

        Plan plain = Planner.plan(file.toString(), ConfigLoader.loadLadder(Files.writeString(dir.resolve("p.json"),
                "{\"name\": \"p\", \"run\": {\"model\": {\"seqLen\": 32}, \"train\": {\"batchSize\": 8}},"
                        + " \"grid\": {\"shapes\": [\"3.3k\"], \"tokens\": [25600]}}")), 43);
        assertThat(SlurmScript.staged(plain)).isFalse();
    }

    private static int index(Plan plan, String runId) {
        return plan.rungs().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow().index();
    }
}
