package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ladder demo} end to end in a real process, on a micro ladder instead of the classroom one. */
class DemoCommandTest {

    private static final String MICRO = "{\"name\": \"micro\", \"run\": {\"model\": {\"seqLen\": 16},"
            + " \"optim\": {\"lr\": 0.003}, \"train\": {\"batchSize\": 4, \"evalBatches\": 2}},"
            + " \"grid\": {\"shapes\": [\"3.3k\", \"L1-d24-h2\", \"13k\"], \"tokensPerParam\": [2, 6]},"
            + " \"batchExponent\": 0}";

    @TempDir
    Path dir;

    @Test
    void trainsFitsReportsAndPrintsTheHeadlineThenOnlyRefitsTheSecondTime() throws Exception {
        Path config = dir.resolve("micro.json");
        Files.writeString(config, MICRO);
        String first = demo(config, "first.log");
        assertThat(first).contains("micro: 6 rungs, 0 finished, 6 to train")
                .contains("report: ")
                .contains("alpha =").contains("beta  =").contains("E     =")
                .contains("95% bootstrap intervals (residuals: the design fixed, residuals resampled)")
                .containsPattern("resampling runs instead \\(.*\\): alpha \\[.*\\] beta \\[.*\\] E \\[")
                .contains("true entropy rate of synthetic:default")
                .containsPattern("against synthetic:default: context-\\d+ floor")
                .containsPattern("the law's misfit by size \\(observed / predicted - 1, mean over seeds\\) at [0-9.kM ]+"
                        + " tokens; over all 6 runs mean \\|misfit\\| [0-9.]+%, worst [+-][0-9.]+% \\([^)]+-s1\\):")
                .containsPattern("\n    N [0-9.k]+ +( +-| [+-][0-9.]+%)+\n")
                .containsPattern("no size's misfit moves along D|along D the misfit of N ")
                .containsPattern("\ndemo: training took [0-9]+ s; fitting the laws \\(50 bootstrap resamples\\)")
                .containsPattern("\ndemo: done in (1 min )?[0-9]+ s \\(training [0-9]+ s, fits and report [0-9]+ s;")
                .as("a one-seed ladder says its intervals leave seed noise out").contains("one seed (1)");
        Path report = dir.resolve("runs/micro/report.html");
        assertThat(report).isRegularFile();
        assertThat(Files.readString(report)).contains("<img").contains("data:image/png;base64,");
        assertThat(dir.resolve("runs/micro/fit.json")).isRegularFile();

        String second = demo(config, "second.log");
        assertThat(second).as("a second demo only refits")
                .contains("micro: 6 rungs, 6 finished, 0 to train").contains("alpha =");
    }

    @Test
    void aTwoSeedLadderResamplesSeedOffsetsAndPrintsEachSeedsFitTheirSpreadAndWhereItComesFrom() throws Exception {
        Path config = dir.resolve("micro.json");
        Files.writeString(config, MICRO);
        String out = demo(config, "seeds.log", "--seeds", "1,2");
        assertThat(out).contains("micro: 12 rungs, 0 finished, 12 to train")
                .contains("95% bootstrap intervals (seeds: the design fixed, each size's seed offsets and the"
                        + " residuals within a seed resampled)")
                .containsPattern("residuals alone \\(blind to the seed offsets\\): alpha \\[.*\\] beta \\[.*\\] E \\[")
                .containsPattern("resampling runs instead \\(.*\\): alpha \\[.*\\] beta \\[.*\\] E \\[")
                .contains("each seed's runs fitted alone")
                .containsPattern("Busbridge et al. 2025's Eq. 1, L\\(N, D\\) = E \\+ \\(A/N\\^alpha \\+ B/D\\^beta\\)\\^gamma,"
                        + " on the same runs .*\n     alpha = [0-9.e+-]+ .*gamma = [0-9.e+-]+ .*E     = ")
                .containsPattern("gamma's interval (excludes|holds) 1: these runs (reject|do not reject) the additive"
                        + " form; mean \\|misfit\\| [0-9.]+% \\(approach 3: [0-9.]+%\\)")
                .containsPattern("seed 1 \\(6 runs\\): alpha [0-9.e+-]+ beta [0-9.e+-]+ E [0-9.e+-]+")
                .containsPattern("seed 2 \\(6 runs\\): alpha [0-9.e+-]+ beta [0-9.e+-]+ E [0-9.e+-]+")
                .containsPattern("spread across seeds \\(largest minus smallest\\): alpha [0-9.e+-]+ beta")
                .contains("where the seeds disagree")
                .containsPattern("as trained: alpha [0-9.e+-]+ beta [0-9.e+-]+ E [0-9.e+-]+")
                .containsPattern("without N \\S+'s luck: alpha \\S+ beta \\S+ E \\S+; its 2 seeds' offsets sd"
                        + " [0-9.]+%")
                .doesNotContain("one seed (");

        String seedOne = demo(config, "seed-one.log", "--seeds", "1");
        assertThat(seedOne).as("a demo of fewer seeds fits only its own runs, and says what it left out")
                .contains("micro: 6 rungs, 6 finished, 0 to train")
                .containsPattern("demo: fitting this plan's 6 runs; 6 other runs in \\S+ \\(seeds 2: another plan")
                .contains("one seed (1)")
                .containsPattern("over all 6 runs mean \\|misfit\\|")
                .doesNotContain("seed 2 (");
    }

    @Test
    void theDefaultDemoTrainsOneSeedPerWorkerFromTwoToEight() {
        assertThat(DemoCommand.defaultSeeds(1)).containsExactly(1L, 2L);
        assertThat(DemoCommand.defaultSeeds(2)).containsExactly(1L, 2L);
        assertThat(DemoCommand.defaultSeeds(6)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(DemoCommand.defaultSeeds(64)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void wallTimesReadAsSecondsThenMinutesAndSeconds() {
        assertThat(DemoCommand.duration(0)).isEqualTo("0 s");
        assertThat(DemoCommand.duration(48_400_000_000L)).isEqualTo("48 s");
        assertThat(DemoCommand.duration(59_600_000_000L)).isEqualTo("1 min 0 s");
        assertThat(DemoCommand.duration(372_000_000_000L)).isEqualTo("6 min 12 s");
        assertThat(DemoCommand.duration(3_725_000_000_000L)).isEqualTo("62 min 5 s");
    }

    private String demo(Path config, String logName, String... more) throws IOException, InterruptedException {
        Path log = dir.resolve(logName);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo", "--config",
                config.toString(), "--out", dir.resolve("runs").toString(), "--cache-dir", dir.resolve("cache")
                .toString(), "--bootstrap", "50"));
        command.addAll(List.of(more));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isEqualTo(ExitCode.OK);
        return out;
    }
}
