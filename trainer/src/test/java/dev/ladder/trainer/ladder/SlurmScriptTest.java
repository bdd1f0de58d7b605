package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.trainer.cli.ExitCode;
import dev.ladder.trainer.cli.InProcessCli;
import dev.ladder.trainer.cli.InProcessCli.Result;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.model.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sbatch script {@code ladder slurm} writes: its directives and command line, and the command's input checks. */
class SlurmScriptTest {

    private static final JvmMemory.Corpus CORPUS = new JvmMemory.Corpus(1_000_000, 1_000_000, 2_000_000);

    @TempDir
    static Path cache;
    @TempDir
    Path dir;

    private Plan plan() throws IOException {
        Path file = dir.resolve("ladder.json");
        Files.writeString(file, LadderRunTest.LADDER);
        return Planner.plan(file.toString(), ConfigLoader.loadLadder(file), 43);
    }

    private static List<String> directives(String script) {
        return script.lines().filter(l -> l.startsWith("#SBATCH ")).toList();
    }

    /** The JVM flags of each rung, in the order of the script's {@code memory} array. */
    private static List<String> memoryFlags(String script) {
        return script.lines().filter(l -> l.startsWith("    \"-Xmx"))
                .map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"'))).toList();
    }

    private static String commandLine(String script) {
        List<String> exec = script.lines().filter(l -> l.startsWith("exec ")).toList();
        assertThat(exec).hasSize(1);
        return exec.get(0);
    }

    @Test
    void everyOptionBecomesItsDirectiveAndGpusTrainOnCuda() throws IOException {
        Plan plan = plan();
        Path planFile = dir.resolve("runs/kill/plan.json");
        Path runs = dir.resolve("runs");
        String script = new SlurmScript("gpu", 2, 4, "12:30:00", 2, cache)
                .render(plan, planFile, runs, Path.of("/opt/ladder.jar"), JvmMemory.Corpus.NONE);
        assertThat(script).startsWith("#!/bin/bash\n");
        assertThat(directives(script)).containsExactly(
                "#SBATCH --job-name=ladder-kill",
                "#SBATCH --array=0-2%2",
                "#SBATCH --partition=gpu",
                "#SBATCH --gpus-per-task=2",
                "#SBATCH --ntasks=1",
                "#SBATCH --cpus-per-task=4",
                "#SBATCH --time=12:30:00",
                "#SBATCH --signal=B:TERM@120",
                "#SBATCH --output=" + runs.resolve("kill").resolve("slurm-%A_%a.log"));
        assertThat(script).contains("\nset -euo pipefail\n");
        assertThat(script.indexOf("\nexec ")).isGreaterThan(script.indexOf("set -euo pipefail"));
        assertThat(script.indexOf("set -euo pipefail")).isGreaterThan(script.lastIndexOf("#SBATCH"));
        assertThat(commandLine(script)).isEqualTo("exec java --add-modules jdk.incubator.vector"
                + " -XX:CompileCommand=quiet '-XX:CompileCommand=dontinline,dev.ladder.trainer.model.fast.HostLoops::*'"
                + " ${memory[$SLURM_ARRAY_TASK_ID]} -jar /opt/ladder.jar"
                + " train --plan " + planFile
                + " --rung \"$SLURM_ARRAY_TASK_ID\" --out " + runs + " --threads \"${SLURM_CPUS_PER_TASK:-1}\""
                + " --cache-dir " + cache + " --device CUDA");
        assertThat(memoryFlags(script)).hasSize(3).allSatisfy(flags -> assertThat(flags)
                .endsWith(" -Dorg.bytedeco.javacpp.maxbytes=0 -Dorg.bytedeco.javacpp.maxphysicalbytes=0"));
    }

    @Test
    void eachCpuTaskGetsTheMemoryLimitsOfItsRungAndTheJobTheLargest() throws IOException {
        Plan plan = plan();
        String script = new SlurmScript(null, 0, 1, "00:10:00", 0, null)
                .render(plan, dir.resolve("plan.json"), dir, Path.of("/opt/ladder.jar"), CORPUS);
        List<String> flags = memoryFlags(script);
        assertThat(flags).hasSize(plan.rungs().size());
        long largest = 0;
        for (int i = 0; i < flags.size(); i++) {
            Rung rung = plan.rungs().get(i);
            JvmMemory memory = JvmMemory.forTraining(rung.model(), 4, Engine.Kind.FAST, Device.CPU, CORPUS);
            assertThat(flags.get(i)).isEqualTo(String.join(" ", memory.flags()));
            assertThat(script).contains(flags.get(i) + "\"  # " + i + ": " + rung.runId() + "\n");
            largest = Math.max(largest, memory.residentBytes());
        }
        assertThat(directives(script)).contains("#SBATCH --mem=" + (largest >> 20) + "M");
    }

    @Test
    void defaultsLeaveOutPartitionGpusParallelLimitAndCacheDir() throws IOException {
        Plan plan = plan();
        String script = new SlurmScript(null, 0, 1, "00:10:00", 0, null)
                .render(plan, dir.resolve("plan.json"), dir, Path.of("/opt/ladder.jar"), JvmMemory.Corpus.NONE);
        assertThat(directives(script)).contains("#SBATCH --array=0-2", "#SBATCH --cpus-per-task=1",
                "#SBATCH --time=00:10:00");
        assertThat(script).doesNotContain("--partition").doesNotContain("--gpus-per-task")
                .doesNotContain("--device").doesNotContain("--cache-dir").doesNotContain("%2");
        assertThat(commandLine(script)).endsWith("--threads \"${SLURM_CPUS_PER_TASK:-1}\"");
    }

    @Test
    void slurmCommandWritesThePlanAndAScriptWithAbsolutePathsThatBashParses() throws Exception {
        Path config = dir.resolve("kill.json");
        Files.writeString(config, LadderRunTest.LADDER);
        Path runs = dir.resolve("runs");
        Path jar = Files.writeString(dir.resolve("ladder.jar"), "a jar");
        Result result = InProcessCli.run("slurm", config.toString(), "--out", runs.toString(), "--jar", jar.toString(),
                "--max-parallel", "1", "--cache-dir", cache.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.OK);
        Path ladderDir = runs.toAbsolutePath().resolve("kill");
        Path planFile = ladderDir.resolve(Plan.FILE_NAME);
        Path scriptFile = ladderDir.resolve("kill.sbatch");
        assertThat(result.out()).contains(planFile + " (3 rungs)").contains("submit with: sbatch " + scriptFile);

        Plan written = Plan.read(planFile);
        assertThat(written.rungs()).hasSize(3);
        assertThat(written.rungs()).extracting(Rung::runId)
                .isEqualTo(Planner.plan(config, cache).rungs().stream().map(Rung::runId).toList());
        String script = Files.readString(scriptFile);
        assertThat(directives(script)).contains("#SBATCH --array=0-2%1", "#SBATCH --cpus-per-task=2",
                "#SBATCH --time=04:00:00", "#SBATCH --output=" + ladderDir.resolve("slurm-%A_%a.log"));
        assertThat(commandLine(script)).startsWith("exec java --add-modules jdk.incubator.vector"
                + " -XX:CompileCommand=quiet '-XX:CompileCommand=dontinline,dev.ladder.trainer.model.fast.HostLoops::*'"
                + " ${memory[$SLURM_ARRAY_TASK_ID]} -jar "
                + jar.toAbsolutePath()
                + " train --plan " + planFile + " ").contains(" --out " + runs.toAbsolutePath() + " ")
                .contains(" --cache-dir " + cache.toAbsolutePath());

        Process bash = new ProcessBuilder("bash", "-n", scriptFile.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }

    @Test
    void badTimeIsInvalidInputNamingTheOptionAndWritesNothing() throws IOException {
        Path config = dir.resolve("kill.json");
        Files.writeString(config, LadderRunTest.LADDER);
        Path runs = dir.resolve("runs");
        Path jar = Files.writeString(dir.resolve("ladder.jar"), "a jar");
        Result result = InProcessCli.run("slurm", config.toString(), "--out", runs.toString(), "--jar", jar.toString(),
                "--time", "90min");
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("--time").contains("90min").contains("HH:MM:SS").doesNotContain("\tat ");
        assertThat(runs).doesNotExist();
    }

    @Test
    void negativeGpusPerTaskIsInvalidInputNamingTheOption() throws IOException {
        Path config = dir.resolve("kill.json");
        Files.writeString(config, LadderRunTest.LADDER);
        Result result = InProcessCli.run("slurm", config.toString(), "--out", dir.resolve("runs").toString(), "--jar",
                "ladder.jar", "--gpus-per-task", "-1");
        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("--gpus-per-task").contains("-1").contains(">= 0");
        assertThat(dir.resolve("runs")).doesNotExist();
    }
}
