package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.trainer.cli.InProcessCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ladder plan} for another machine: sized for the target GPU, from the corpus spec alone. */
class PlanCommandTest {

    private static final String GPU_BOX = Path.of("..", "configs", "gpu-box.json").toString();

    @TempDir
    Path cache;

    @Test
    void plansTheGpuBoxForAnEightyGibGpuWithoutFetchingOrPreparingTheCorpus() throws IOException {
        Result result = InProcessCli.run("plan", GPU_BOX, "--device", "cuda", "--gpu-memory", "80GiB",
                "--no-calibrate", "--cache-dir", cache.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.OK);
        assertThat(result.out()).contains("ladder gpu-box: 5 rungs")
                .contains("for CUDA; memory checked against the target GPU's 80.0 GiB (--gpu-memory)")
                .contains("vocabulary 4,096 (from the tokenizer spec bpe:4096")
                .contains("1.8m-t").contains("3.2m-t").contains("10.6m-t").contains("25m-t").contains("43m-t")
                .contains("L8-d672-h12");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aGpuMemoryMeansAnotherMachineSoNoCalibration() {
        Result result = InProcessCli.run("plan", GPU_BOX, "--device", "CUDA", "--gpu-memory", "80GB",
                "--cache-dir", cache.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.OK);
        assertThat(result.out()).contains("not calibrated (a plan for another machine)").contains("74.5 GiB");
    }

    @Test
    void aSmallerGpuRefusesTheRungThatDoesNotFitNamingIt() {
        Result result = InProcessCli.run("plan", GPU_BOX, "--device", "CUDA", "--gpu-memory", "4GiB",
                "--cache-dir", cache.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains(GPU_BOX).contains("rung 10.6m-t246M-s1 memory")
                .contains("the target GPU's 4.3 GB");
    }

    @Test
    void aBadGpuMemoryNamesTheOptionAndTheAllowedForm() {
        for (String bad : new String[] {"80", "80 gigs", "-1GiB", "0GB"}) {
            Result result = InProcessCli.run("plan", GPU_BOX, "--device", "CUDA", "--gpu-memory", bad,
                    "--cache-dir", cache.toString());
            assertThat(result.exitCode()).as(bad).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(result.err()).as(bad).contains("--gpu-memory").contains("'" + bad + "'")
                    .contains("allowed: a number and a unit (TiB, GiB, MiB, TB, GB or MB), e.g. 80GiB");
        }
    }

    @Test
    void cudaOnTheCpuBuildWithoutAGpuMemoryAsksForOne() {
        Result result = InProcessCli.run("plan", GPU_BOX, "--no-calibrate", "--cache-dir", cache.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("--device CUDA on the CPU build needs --gpu-memory SIZE")
                .contains("LADDER_BACKEND=cuda ./ladder plan");
    }

    @Test
    void aGpuMemoryForACpuPlanIsRefused() {
        Result result = InProcessCli.run("plan", Path.of("..", "configs", "tiny-ladder.json").toString(),
                "--gpu-memory", "80GiB", "--cache-dir", cache.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("--gpu-memory is for a plan on CUDA, but the device is CPU");
    }

    @Test
    void charOnACorpusThatIsNotFetchedSaysThePlanNeedsTheCorpus() throws IOException {
        Path config = Files.writeString(cache.resolve("char-gutenberg.json"), "{\"name\": \"cg\", \"run\": {"
                + "\"data\": {\"corpus\": \"gutenberg\", \"tokenizer\": \"char\"}}, \"rungs\": [{\"shape\": \"3.3k\","
                + " \"tokens\": 100000}]}");
        Result result = InProcessCli.run("plan", config.toString(), "--no-calibrate", "--cache-dir",
                cache.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains(config + ": data.tokenizer = char")
                .contains("this needs the corpus").contains("ladder corpus fetch gutenberg")
                .contains("bpe:<vocabSize> or tiktoken:<encoding>");
    }
}
