package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.trainer.cli.InProcessCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ladder run} checks the machine before the first rung when the ladder trains on CUDA. */
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void aCudaLadderOnTheCpuBuildStopsBeforeTheFirstRungWithTheLauncherHint() throws IOException {
        Path config = Files.writeString(dir.resolve("cuda-ladder.json"), "{\"name\": \"cuda-ladder\", \"run\": {"
                + "\"data\": {\"corpus\": \"synthetic:markov?chars=5000\"}, \"model\": {\"seqLen\": 16},"
                + " \"train\": {\"batchSize\": 4, \"device\": \"CUDA\"}}, \"rungs\": [{\"shape\": \"3.3k\","
                + " \"tokens\": 4000}]}");
        Path out = dir.resolve("runs");
        Result result = InProcessCli.run("run", config.toString(), "--out", out.toString(), "--cache-dir",
                dir.resolve("cache").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("train.device = CUDA is not available here")
                .contains("fix: LADDER_BACKEND=cuda ./ladder").contains("ladder doctor --device CUDA");
        assertThat(out).doesNotExist();
    }
}
