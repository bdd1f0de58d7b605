package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.runlog.RunInfo;
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
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ladder slurm} on a real Slurm: the job array trains every rung, {@code ladder status} sees them completed,
 * and each rung ends with exactly the final loss {@code ladder run} gives it locally (both train with one thread).
 * Ladders whose rungs depend on others (WSD branches, distillation students, fine-tunes) go through the staged
 * submit script: children start after their parents' tasks, and a failed parent's children are cancelled by Slurm.
 * Needs a running cluster, e.g. the one-node cluster of {@code scripts/slurm-local.sh start}; skipped without one.
 */
class SlurmLadderTest {

    /** LadderRunTest's shapes and settings, at half its token budget to keep the test short. */
    private static final String LADDER = "{\"name\": \"slurm\", \"run\": {\"model\": {\"seqLen\": 16},"
            + " \"optim\": {\"lr\": 0.003}, \"train\": {\"batchSize\": 4, \"evalBatches\": 2}},"
            + " \"grid\": {\"shapes\": [\"3.3k\", \"L1-d24-h2\", \"13k\"], \"tokensPerParam\": [2]}}";
    /** The post-training ladders' shared run settings (PostTrainingLadderTest's). */
    private static final String POST_RUN = "\"run\": {\"data\": {\"corpus\": \"synthetic:markov?chars=60000\"},"
            + " \"model\": {\"seqLen\": 16}, \"optim\": {\"lr\": 0.003}, \"train\": {\"batchSize\": 4,"
            + " \"evalBatches\": 2}}, \"minSteps\": 1, \"batchExponent\": 0";
    /** One teacher (20 steps) and one student budget (5 steps): the teacher, the supervised control, the student. */
    private static final String KD = "{\"name\": \"kd\", " + POST_RUN + ", \"distillation\": {\"teachers\":"
            + " {\"shapes\": [\"3.3k\"], \"tokens\": [1280]}, \"students\": {\"shapes\": [\"0.9k\"],"
            + " \"tokens\": [320]}}}";
    private static final String TEACHER = "3.3k-t1.28k-s1";
    private static final String CONTROL = "0.9k-t320-s1";
    private static final String STUDENT = "0.9k-t320-kd-3.3k-t1.28k-s1";
    private static final long JOB_TIMEOUT_MILLIS = 240_000;

    @TempDir
    static Path cache;
    @TempDir
    Path dir;
    /** The jobs this test submitted. */
    private final List<String> submitted = new ArrayList<>();

    /** Cancels this test's jobs (those that ended are left as they are): a failed assertion may leave some queued. */
    @AfterEach
    void cancelSubmittedJobs() throws IOException, InterruptedException {
        if (submitted.isEmpty()) return;
        List<String> scancel = new ArrayList<>(List.of("scancel"));
        scancel.addAll(submitted);
        // exits non-zero for jobs that already ended, which is most of them
        Process process = new ProcessBuilder(scancel).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

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

        List<String> jobs = submitStaged(submit);
        assertThat(jobs).as("one array for the stable runs, one per stable run for its branches").hasSize(3);
        assertWaitForParents(ladderDir, jobs);
        for (String job : jobs) awaitJob(job, ladderDir);

        assertThat(states(ladderDir)).as(slurmLogs(ladderDir)).containsEntry("3.3k-stable-s1", "completed")
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
     * A distillation ladder (teacher, supervised control, student) through the staged submission: the student's array
     * task starts after its teacher's ended, every task completes, the student's run.json names the teacher plan.json
     * gives it, and every rung ends with exactly the final loss {@code ladder run} gives it locally.
     */
    @Test
    void stagedDistillationLadderTrainsTheStudentAfterItsTeacherToTheLossesOfALocalRun() throws Exception {
        Assumptions.assumeTrue(slurmUsable(),
                "Slurm not running: start a one-node cluster with scripts/slurm-local.sh (needs root; see README)");
        Path ladderDir = stagedMatchesLocalRun("kd", KD);
        Rung student = rung(ladderDir, STUDENT);
        RunInfo.Parent teacher = RunJson.readInfo(ladderDir.resolve(student.runId()).resolve("run.json")).parents()
                .teacher();
        assertThat(teacher.runId()).isEqualTo(student.parents().teacher().runId()).isEqualTo(TEACHER);
        assertThat(teacher.path()).isEqualTo(ladderDir.resolve(TEACHER).toAbsolutePath().normalize()
                .toString());
    }

    /**
     * A fine-tuning ladder (pretrained run, its fine-tune on the target corpus, a from-scratch control) through the
     * staged submission, checked as the distillation ladder is: the fine-tune starts from the pretrained run that
     * plan.json names, after its task ended, and every rung ends with the loss of a local run.
     */
    @Test
    void stagedFineTuningLadderTrainsTheFineTuneAfterItsPretrainedRunToTheLossesOfALocalRun() throws Exception {
        Assumptions.assumeTrue(slurmUsable(),
                "Slurm not running: start a one-node cluster with scripts/slurm-local.sh (needs root; see README)");
        Path ladderDir = stagedMatchesLocalRun("ft", "{\"name\": \"ft\", "
                + POST_RUN.replace("markov?chars=60000", "default?chars=60000")
                + ", \"finetuning\": {\"pretrained\": {\"shapes\": [\"3.3k\"], \"tokens\": [1280]},"
                + " \"target\": \"synthetic:default?chars=60000&redraw=0.3\", \"tokens\": [320],"
                + " \"scratchTokens\": [640]}}");
        Rung tune = rung(ladderDir, "3.3k-t1.28k-ft-t320-s1");
        RunInfo.Parent pretrained = RunJson.readInfo(ladderDir.resolve(tune.runId()).resolve("run.json")).parents()
                .pretrained();
        assertThat(pretrained.runId()).isEqualTo(tune.parents().pretrained().runId()).isEqualTo("3.3k-t1.28k-s1");
        assertThat(pretrained.path()).isEqualTo(ladderDir.resolve("3.3k-t1.28k-s1").toAbsolutePath().normalize()
                .toString());
    }

    /**
     * A teacher that fails on Slurm (it cannot write its log): its task ends FAILED, Slurm cancels the student's
     * array (afterok can never be met), the student never starts and {@code ladder status} reports it blocked. Once
     * the fault is gone, submitting the same script again trains the teacher and then the student, and leaves the
     * completed control as it was.
     */
    @Test
    void failedTeacherOnSlurmCancelsItsStudentUntilTheLadderIsSubmittedAgain() throws Exception {
        Assumptions.assumeTrue(slurmUsable(),
                "Slurm not running: start a one-node cluster with scripts/slurm-local.sh (needs root; see README)");
        Path ladderDir = writeSlurmScripts("kd", KD);
        Path broken = ladderDir.resolve(TEACHER).resolve("metrics.jsonl");
        Files.createDirectories(broken);
        Path submit = ladderDir.resolve("kd-submit.sh");
        List<String> jobs = submitStaged(submit);
        assertThat(jobs).as("the teacher and control, then the student").hasSize(2);
        assertWaitForParents(ladderDir, jobs);
        for (String job : jobs) awaitJob(job, ladderDir);

        Map<String, Map<String, String>> tasks = tasks(ladderDir, jobs);
        assertThat(tasks.get(TEACHER)).as(slurmLogs(ladderDir)).containsEntry("JobState", "FAILED");
        assertThat(tasks.get(CONTROL)).containsEntry("JobState", "COMPLETED");
        assertThat(tasks.get(STUDENT)).containsEntry("JobState", "CANCELLED")
                .containsEntry("Reason", "DependencyNeverSatisfied");
        assertThat(ladderDir.resolve(STUDENT)).as("the student never started").doesNotExist();
        assertThat(states(ladderDir)).containsEntry(TEACHER, "failed")
                .containsEntry(CONTROL, "completed")
                .containsEntry(STUDENT, "blocked");

        Files.delete(broken);
        Path control = ladderDir.resolve(CONTROL).resolve("summary.json");
        FileTime controlDone = Files.getLastModifiedTime(control);
        List<String> again = submitStaged(submit);
        for (String job : again) awaitJob(job, ladderDir);
        assertThat(tasks(ladderDir, again).values()).as(slurmLogs(ladderDir))
                .allSatisfy(t -> assertThat(t).containsEntry("JobState", "COMPLETED"));
        assertThat(states(ladderDir).values()).containsOnly("completed");
        assertThat(Files.getLastModifiedTime(control)).as("the completed control is skipped").isEqualTo(controlDone);
        assertStartedAfterParents(ladderDir, tasks(ladderDir, again));
    }

    /**
     * Writes {@code json} as a ladder config and runs {@code ladder slurm} on it; returns the ladder folder, which
     * holds the job script and the staged submit script.
     */
    private Path writeSlurmScripts(String name, String json) throws IOException {
        Path config = dir.resolve(name + ".json");
        Files.writeString(config, json);
        Path runs = dir.resolve("slurm-runs");
        Result written = InProcessCli.run("slurm", config.toString(), "--out", runs.toString(), "--cpus-per-task", "1",
                "--time", "00:10:00", "--jar", launcherJar().toString(), "--cache-dir", cache.toString());
        assertThat(written.exitCode()).as(written.err()).isEqualTo(ExitCode.OK);
        Path ladderDir = runs.resolve(name);
        assertThat(written.out()).contains("submit with: bash " + ladderDir.resolve(name + "-submit.sh"));
        return ladderDir;
    }

    /**
     * Submits the staged script of ladder {@code name} and trains the same ladder locally meanwhile: every array
     * task completes, each child's task starts after its parents' tasks ended, {@code ladder status} says completed
     * for every rung, and the final losses are those of the local run. Returns the ladder folder of the Slurm run.
     */
    private Path stagedMatchesLocalRun(String name, String json) throws Exception {
        Path ladderDir = writeSlurmScripts(name, json);
        List<String> jobs = submitStaged(ladderDir.resolve(name + "-submit.sh"));
        assertThat(jobs).as("the rungs without parents, then their children").hasSize(2);
        assertWaitForParents(ladderDir, jobs);

        Result local = InProcessCli.run("run", dir.resolve(name + ".json").toString(), "--out",
                dir.resolve("local").toString(), "--workers", "1", "--threads", "1", "--cache-dir", cache.toString());
        assertThat(local.exitCode()).as(local.out() + local.err()).isEqualTo(ExitCode.OK);

        for (String job : jobs) awaitJob(job, ladderDir);
        Map<String, Map<String, String>> tasks = tasks(ladderDir, jobs);
        assertThat(tasks).as(slurmLogs(ladderDir)).hasSize(3)
                .allSatisfy((runId, t) -> assertThat(t).as(runId).containsEntry("JobState", "COMPLETED"));
        assertStartedAfterParents(ladderDir, tasks);
        assertThat(states(ladderDir).values()).hasSize(3).containsOnly("completed");
        Map<String, Double> expected = LadderRunTest.finalLosses(dir.resolve("local").resolve(name));
        assertThat(LadderRunTest.finalLosses(ladderDir)).hasSize(3).isEqualTo(expected);
        return ladderDir;
    }

    /**
     * Just after submission (the parents' tasks take seconds to start a JVM and train), every child's array is
     * pending on a dependency that names its parents' array tasks. (Its pending reason is set by the scheduler's
     * next pass, so it is not checked; whether the child would start early cannot be seen either: on a two-CPU node
     * the parents' stage holds both CPUs.)
     */
    private static void assertWaitForParents(Path ladderDir, List<String> jobs)
            throws IOException, InterruptedException {
        Map<String, Map<String, String>> tasks = tasks(ladderDir, jobs);
        for (Rung rung : Plan.read(ladderDir.resolve(Plan.FILE_NAME)).rungs()) {
            Map<String, String> task = tasks.get(rung.runId());
            for (String parent : rung.parentIds()) {
                String parentTask = tasks.get(parent).get("ArrayJobId") + "_" + rung(ladderDir, parent).index();
                assertThat(task).as(rung.runId()).containsEntry("JobState", "PENDING");
                assertThat(task.get("Dependency")).as(rung.runId()).startsWith("afterok:")
                        .contains(parentTask + "(unfulfilled)");
            }
        }
    }

    /** Each rung's array task began after its parents' tasks ended, by Slurm's clock and by the run files. */
    private static void assertStartedAfterParents(Path ladderDir, Map<String, Map<String, String>> tasks)
            throws IOException {
        for (Rung rung : Plan.read(ladderDir.resolve(Plan.FILE_NAME)).rungs()) {
            for (String parent : rung.parentIds()) {
                LocalDateTime start = LocalDateTime.parse(tasks.get(rung.runId()).get("StartTime"));
                LocalDateTime parentEnd = LocalDateTime.parse(tasks.get(parent).get("EndTime"));
                assertThat(start).as(rung.runId() + " starts after " + parent + " ended").isAfterOrEqualTo(parentEnd);
                assertThat(Files.getLastModifiedTime(ladderDir.resolve(rung.runId()).resolve("run.json")))
                        .as(rung.runId() + " wrote its run.json after " + parent + " its summary")
                        .isGreaterThan(Files.getLastModifiedTime(ladderDir.resolve(parent).resolve("summary.json")));
            }
        }
    }

    /**
     * The fields {@code scontrol show job} gives for each rung's array task in {@code jobs}, by run id. A job array
     * cancelled before it started is one record for all its tasks ({@code ArrayTaskId=3,5} or {@code 3-5}).
     */
    private static Map<String, Map<String, String>> tasks(Path ladderDir, List<String> jobs)
            throws IOException, InterruptedException {
        List<Rung> rungs = Plan.read(ladderDir.resolve(Plan.FILE_NAME)).rungs();
        Map<String, Map<String, String>> byRunId = new HashMap<>();
        Pattern field = Pattern.compile("(?<=^|\\s)([\\w/:]+)=(\\S*)");
        for (String job : jobs) {
            for (String line : output("scontrol", "show", "job", job, "-o").lines().toList()) {
                Map<String, String> fields = new HashMap<>();
                Matcher m = field.matcher(line);
                while (m.find()) fields.put(m.group(1), m.group(2));
                for (String ids : fields.get("ArrayTaskId").split(",")) {
                    String[] range = ids.split("-");
                    int last = Integer.parseInt(range[range.length - 1]);
                    for (int i = Integer.parseInt(range[0]); i <= last; i++) byRunId.put(rungs.get(i).runId(), fields);
                }
            }
        }
        return byRunId;
    }

    private static Rung rung(Path ladderDir, String runId) {
        return Plan.read(ladderDir.resolve(Plan.FILE_NAME)).rungs().stream().filter(r -> r.runId().equals(runId))
                .findFirst().orElseThrow(() -> new AssertionError(runId + " not in the plan"));
    }

    private static Map<String, String> states(Path ladderDir) throws IOException {
        Result status = InProcessCli.run("status", ladderDir.toString(), "--json");
        assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCode.OK);
        Map<String, String> states = new HashMap<>();
        RunJson.MAPPER.readTree(status.out()).get(0).get("rungs")
                .forEach(r -> states.put(r.get("runId").asText(), r.get("state").asText()));
        return states;
    }

    /** Runs a staged submit script with this JVM's java first on the PATH; returns its job ids, stage by stage. */
    private List<String> submitStaged(Path submit) throws IOException, InterruptedException {
        ProcessBuilder bash = new ProcessBuilder("bash", submit.toString());
        bash.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + bash.environment().get("PATH"));
        List<String> jobs = run(bash).lines().filter(l -> l.contains(": job "))
                .map(l -> l.substring(l.indexOf(": job ") + 6).strip()).toList();
        submitted.addAll(jobs);
        return jobs;
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
        submitted.add(out.split(";")[0]);
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
