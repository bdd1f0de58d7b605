package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.trainer.cli.InProcessCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ladder doctor} on the CPU build: a report that names the backend, and exit 1 with a fix per problem. */
class DoctorCommandTest {

    @TempDir
    Path dir;

    @Test
    void cpuBuildReportsItsBackendAndLimitsAndExitsZero() {
        Result result = InProcessCli.run("doctor", "--cache-dir", dir.resolve("cache").toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCode.OK);
        assertThat(result.out()).contains("checking for device CPU").contains("CPU (nd4j-native)")
                .contains("CpuBackend, ND4J 1.0.0-M2.1").contains("BLAS").contains("threads").contains("heap")
                .contains("JavaCPP maxBytes").contains("maxPhysicalBytes").contains("GiB physical")
                .contains(dir.resolve("cache") + " (writable)").contains("npm").contains("sbatch")
                .contains("chromium").contains("ok: nothing here stops a ladder on CPU")
                .doesNotContain("problem:");
    }

    @Test
    void cudaOnTheCpuBuildExitsOneWithTheLauncherHint() {
        Result result = InProcessCli.run("doctor", "--device", "cuda", "--cache-dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.out()).contains("checking for device CUDA")
                .contains("problem: CUDA asked for, but this is the CPU build; fix: LADDER_BACKEND=cuda ./ladder")
                .contains("1 problem stops a ladder on CUDA here");
    }

    @Test
    void aCacheFolderThatCannotBeWrittenIsAProblemWithAFix() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        Result result = InProcessCli.run("doctor", "--cache-dir", file.resolve("cache").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.out()).contains("(not writable)").contains("problem: cache folder")
                .contains("fix: set LADDER_CACHE or --cache-dir to a writable folder");
    }
}
