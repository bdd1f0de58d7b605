package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.trainer.cli.ExitCode;
import dev.ladder.trainer.cli.InProcessCli;
import dev.ladder.trainer.cli.InProcessCli.Result;
import dev.ladder.trainer.cli.Main;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ladder slurm} on a real Slurm: the job array trains every rung, {@code ladder status} sees them completed,
 * and each rung ends with exactly the final loss {@code ladder run} gives it locally (both train with one thread).
 * Needs a running cluster, e.g. the one-node cluster of {@code scripts/slurm-local.sh start}; skipped without one.
 */
class SlurmLadderTest {

    /** LadderRunTest's shapes and settings, at half its token budget to keep the test short. */
    private static final String LADDER = "{\"name\": \"slurm\", \"run\": {\"model\": {\"seqLen\": 16},"
            + " \"optim\": {\"lr\": 0.003}, \"train\": {\"batchSize\": 4, \"evalBatches\": 2}},"
            + " \"grid\": {\"shapes\": [\"3.3k\", \"L1-d24-h2\", \"13k\"], \"tokensPerParam\": [2]}}";
    private static final long JOB_TIMEOUT_MILLIS = 240_000;

    @TempDir
    static Path cache;
    @TempDir
    Path dir;

    @Test
    void jobArrayTrainsEveryRungToTheLossesOfALocalRun() throws Exception {
        Assumptions.assumeTrue(slurmUsable(),
                "Slurm not running: start a one-node cluster with scripts/slurm-local.sh (needs root; see README)");
        Path config = dir.resolve("slurm.json");
        Files.writeString(config, LADDER);
        Path runs = dir.resolve("slurm-runs");
        Result written = InProcessCli.run("slurm", config.toString(), "--out", runs.toString(), "--cpus-per-task", "1",
                "--time", "00:10:00", "--jar", launcherJar().toString(), "--cache-dir", cache.toString());
        assertThat(written.exitCode()).as(written.err()).isEqualTo(ExitCode.OK);
        Path ladderDir = runs.resolve("slurm");
        String jobId = submit(ladderDir.resolve("slurm.sbatch"));

        Result local = InProcessCli.run("run", config.toString(), "--out", dir.resolve("local").toString(),
                "--workers", "2", "--threads", "1", "--cache-dir", cache.toString());
        assertThat(local.exitCode()).as(local.out() + local.err()).isEqualTo(ExitCode.OK);

        awaitJob(jobId, ladderDir);
        List<String> tasks = output("scontrol", "show", "job", jobId, "-o").lines().toList();
        assertThat(tasks).as(slurmLogs(ladderDir)).hasSize(3).allMatch(t -> t.contains("JobState=COMPLETED"));

        Result status = InProcessCli.run("status", ladderDir.toString(), "--json");
        assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCode.OK);
        JsonNode rungs = RunJson.MAPPER.readTree(status.out()).get(0).get("rungs");
        assertThat(rungs.size()).isEqualTo(3);
        rungs.forEach(r -> assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("completed"));

        Map<String, Double> expected = LadderRunTest.finalLosses(dir.resolve("local").resolve("slurm"));
        assertThat(LadderRunTest.finalLosses(ladderDir)).hasSize(3).isEqualTo(expected);
    }

    /**
     * A WSD ladder through {@code ladder slurm}'s staged submission: the branches of the stable run that completes
     * start after it (afterok on its array task) and complete; those of the stable run that fails never run, and
     * {@code ladder status} reports them blocked.
     */
    @Test
    void stagedSubmissionRunsBranchesAfterTheirStableRunAndHoldsBackAFailedOnesBranches() throws Exception {
        Assumptions.assumeTrue(slurmUsable(),
                "Slurm not running: start a one-node cluster with scripts/slurm-local.sh (needs root; see README)");
        Path config = dir.resolve("wsd.json");
        Files.writeString(config, "{\"name\": \"wsd\", \"run\": {\"data\": {\"corpus\":"
                + " \"synthetic:markov?chars=60000\"}, \"model\": {\"seqLen\": 16}, \"optim\": {\"lr\": 0.003},"
                + " \"train\": {\"batchSize\": 4, \"evalBatches\": 2}}, \"grid\": {\"shapes\": [\"3.3k\","
                + " \"L1-d24-h2\"], \"tokens\": [640, 1280]}, \"minSteps\": 1, \"batchExponent\": 0, \"wsd\": {\"cooldown\": 0.2}}");
        Path runs = dir.resolve("slurm-runs");
        Result written = InProcessCli.run("slurm", config.toString(), "--out", runs.toString(), "--cpus-per-task", "1",
                "--time", "00:10:00", "--jar", launcherJar().toString(), "--cache-dir", cache.toString());
        assertThat(written.exitCode()).as(written.err()).isEqualTo(ExitCode.OK);
        Path ladderDir = runs.resolve("wsd");
        Path submit = ladderDir.resolve("wsd-submit.sh");
        assertThat(written.out()).contains("submit with: bash " + submit);
        // a folder where this stable run's metrics log goes: it fails to write its log (a corrupt checkpoint would be
        // moved aside and the run would start again)
        Files.createDirectories(ladderDir.resolve("L1-d24-h2-stable-s1").resolve("metrics.jsonl"));

        ProcessBuilder bash = new ProcessBuilder("bash", submit.toString());
        bash.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + bash.environment().get("PATH"));
        List<String> jobs = run(bash).lines().filter(l -> l.contains(": job "))
                .map(l -> l.substring(l.indexOf(": job ") + 6).strip()).toList();
        assertThat(jobs).as("one array for the stable runs, one per stable run for its branches").hasSize(3);
        for (String job : jobs) awaitJob(job, ladderDir);

        Result status = InProcessCli.run("status", ladderDir.toString(), "--json");
        assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCode.OK);
        Map<String, String> states = new HashMap<>();
        RunJson.MAPPER.readTree(status.out()).get(0).get("rungs")
                .forEach(r -> states.put(r.get("runId").asText(), r.get("state").asText()));
        assertThat(states).as(slurmLogs(ladderDir)).containsEntry("3.3k-stable-s1", "completed")
                .containsEntry("3.3k-t640-s1", "completed").containsEntry("3.3k-t1.28k-s1", "completed")
                .containsEntry("L1-d24-h2-stable-s1", "failed").containsEntry("L1-d24-h2-t640-s1", "blocked")
                .containsEntry("L1-d24-h2-t1.28k-s1", "blocked");
        Instant stableDone = Files.getLastModifiedTime(ladderDir.resolve("3.3k-stable-s1")
                .resolve("summary.json")).toInstant();
        for (String branch : List.of("3.3k-t640-s1", "3.3k-t1.28k-s1")) {
            assertThat(Files.getLastModifiedTime(ladderDir.resolve(branch).resolve("run.json")).toInstant())
                    .as(branch + " started after its stable run completed").isAfter(stableDone);
        }
    }

    /**
     * A jar holding only a manifest whose Class-Path is this test's class path, so that the script's
     * {@code java -jar JAR train ...} runs the CLI under test (the real ladder jar is built after the tests).
     */
    private Path launcherJar() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // toUri() ends a directory's URI with a slash, as Class-Path needs
            entries.add(Path.of(element).toAbsolutePath().toUri().toString());
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", entries));
        Path jar = dir.resolve("launcher.jar");
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.finish();
        }
        return jar;
    }

    /** Submits {@code script} with this JVM's java first on the PATH the tasks inherit; returns the job id. */
    private String submit(Path script) throws IOException, InterruptedException {
        ProcessBuilder sbatch = new ProcessBuilder("sbatch", "--parsable", script.toString());
        Map<String, String> env = sbatch.environment();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.get("PATH"));
        String out = run(sbatch).strip();
        assertThat(out).as("sbatch output").matches("\\d+(;.*)?");
        return out.split(";")[0];
    }

    private static void awaitJob(String jobId, Path ladderDir) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + JOB_TIMEOUT_MILLIS;
        while (!output("squeue", "-h", "-j", jobId).isBlank()) {
            if (System.currentTimeMillis() > deadline) {
                output("scancel", jobId);
                fail("job " + jobId + " not done after " + JOB_TIMEOUT_MILLIS / 1000 + " s; "
                        + slurmLogs(ladderDir));
            }
            Thread.sleep(1000);
        }
    }

    private static String slurmLogs(Path ladderDir) throws IOException {
        StringBuilder logs = new StringBuilder();
        try (Stream<Path> files = Files.list(ladderDir)) {
            for (Path log : files.filter(f -> f.getFileName().toString().startsWith("slurm-")).sorted().toList()) {
                logs.append("\n--- ").append(log).append('\n').append(Files.readString(log));
            }
        }
        return logs.toString();
    }

    private static boolean slurmUsable() throws IOException, InterruptedException {
        Path script = projectRoot().resolve("scripts").resolve("slurm-local.sh");
        if (!Files.isRegularFile(script)) return false;
        Process status = new ProcessBuilder("bash", script.toString(), "status").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return status.waitFor(60, TimeUnit.SECONDS) && status.exitValue() == 0;
    }

    /** The project root: surefire runs tests in the module folder, an IDE may run them in the root. */
    private static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("scripts")) ? here : here.getParent();
    }

    private static String output(String... command) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command));
    }

    private static String run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", builder.command()) + ": " + out).isZero();
        return out;
    }
}
