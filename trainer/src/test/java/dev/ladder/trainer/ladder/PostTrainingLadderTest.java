package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.analysis.csv.Csv;
import dev.ladder.analysis.fit.FitData;
import dev.ladder.analysis.fit.PostTrainingRuns;
import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.runlog.StepRecord;
import dev.ladder.trainer.cli.ExitCode;
import dev.ladder.trainer.cli.InProcessCli;
import dev.ladder.trainer.cli.InProcessCli.Result;
import dev.ladder.trainer.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distillation and fine-tuning ladder forms trained for real by {@code ladder run} and {@code ladder demo}
 * (worker processes, tiny models): students and fine-tunes find their parents' run directories in the ladder folder,
 * a student whose teacher failed is blocked, and the laws' readers and the demos read the result.
 */
class PostTrainingLadderTest {

    private static final String RUN = "\"run\": {\"data\": {\"corpus\": \"synthetic:markov?chars=60000\"},"
            + " \"model\": {\"seqLen\": 16}, \"optim\": {\"lr\": 0.003}, \"train\": {\"batchSize\": 4,"
            + " \"evalBatches\": 2}}, \"minSteps\": 1, \"batchExponent\": 0";

    @TempDir
    Path dir;

    /**
     * Two teachers (10 steps each), one student budget: the L1-d24-h2 teacher cannot write its log and fails, so its
     * student is blocked while the other student trains from its teacher. Once the fault is gone, {@code ladder demo
     * distillation} retries the teacher, trains the blocked student, fits and prints what it measured.
     */
    @Test
    void studentsLearnFromTheirTeacherRungAndWaitOrAreBlockedWhenItFails() throws Exception {
        Path config = config("kd", "\"distillation\": {\"teachers\": {\"shapes\": [\"3.3k\", \"L1-d24-h2\"],"
                + " \"tokens\": [640]}, \"students\": {\"shapes\": [\"0.9k\"], \"tokens\": [1280]}}");
        Path ladderDir = dir.resolve("runs").resolve("kd");
        Path broken = ladderDir.resolve("L1-d24-h2-t640-s1").resolve("metrics.jsonl");
        Files.createDirectories(broken);

        Result run = run(config);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.out()).contains("0.9k-t1.28k-kd-L1-d24-h2-t640-s1: blocked: parent L1-d24-h2-t640-s1 failed");
        Map<String, String> states = states(ladderDir);
        assertThat(states).containsEntry("3.3k-t640-s1", "completed").containsEntry("0.9k-t1.28k-s1", "completed")
                .containsEntry("0.9k-t1.28k-kd-3.3k-t640-s1", "completed")
                .containsEntry("L1-d24-h2-t640-s1", "failed")
                .containsEntry("0.9k-t1.28k-kd-L1-d24-h2-t640-s1", "blocked");

        Path studentDir = ladderDir.resolve("0.9k-t1.28k-kd-3.3k-t640-s1");
        RunInfo student = RunJson.readInfo(studentDir.resolve("run.json"));
        RunSummary teacher = RunJson.readSummary(ladderDir.resolve("3.3k-t640-s1").resolve("summary.json"));
        assertThat(student.parents().teacher().path()).isEqualTo(ladderDir.resolve("3.3k-t640-s1").toAbsolutePath()
                .normalize().toString());
        assertThat(student.parents().teacher().finalValLoss()).isEqualTo(teacher.finalValLoss());
        assertThat(student.flops().teacherInference()).isPositive();
        assertThat(student.config().path("distill").path("teacher").asText()).endsWith("3.3k-t640-s1");
        assertThat(RunLogReader.read(studentDir.resolve("metrics.jsonl")).steps())
                .allSatisfy(s -> assertThat(s.distillLoss()).isNotNull());
        FitData students = PostTrainingRuns.students(RunReader.read(List.of(ladderDir)));
        assertThat(students.runIds()).containsExactly("0.9k-t1.28k-kd-3.3k-t640-s1");
        assertThat(students.finals().get(0).teacherLoss()).isEqualTo(teacher.finalValLoss());

        Path csv = dir.resolve("steps.csv");
        Result export = InProcessCli.run("export", ladderDir.toString(), "--format", "csv", "--out", csv.toString());
        assertThat(export.exitCode()).as(export.err()).isEqualTo(ExitCode.OK);
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Csv.split(lines.get(0));
        int distill = header.indexOf("distillLoss");
        int runId = header.indexOf("runId");
        assertThat(distill).isNotNegative();
        List<List<String>> rows = lines.stream().skip(1).map(Csv::split).toList();
        assertThat(rows).filteredOn(r -> r.get(runId).contains("-kd-") && !r.get(header.indexOf("trainLoss"))
                .isEmpty()).isNotEmpty().allSatisfy(r -> assertThat(r.get(distill)).isNotEmpty());
        assertThat(rows).filteredOn(r -> r.get(runId).equals("3.3k-t640-s1"))
                .allSatisfy(r -> assertThat(r.get(distill)).isEmpty());

        Files.delete(broken);
        String demo = demo("distillation", config);
        assertThat(demo).contains("kd: 5 rungs, 3 finished, 2 to train").contains("report: ")
                .contains("0.9k-t1.28k-s1: supervised ").contains("from 3.3k-t640-s1")
                .contains("from L1-d24-h2-t640-s1")
                .contains("best teacher ").contains("best distilled minus supervised: ")
                .contains("distillation law (Busbridge et al. 2025, Eq. 8)");
        assertThat(states(ladderDir)).doesNotContainValue("blocked").doesNotContainValue("failed");
    }

    /**
     * A distillation ladder with WSD branches: each student budget is a cooldown branch of one stable distillation
     * run from the same teacher, and ends bit-identical to a separate WSD distillation run of that budget; the
     * students' reader takes the branches and leaves the stable run out.
     */
    @Test
    void distilledStudentsBranchFromAStableDistillationRun() throws Exception {
        Path cache = dir.resolve("cache");
        Result run = run(config("kdw", "\"wsd\": {\"cooldown\": 0.25}, \"distillation\": {\"teachers\": {\"shapes\":"
                + " [\"3.3k\"], \"tokens\": [640]}, \"students\": {\"shapes\": [\"0.9k\"], \"tokens\": [640, 1280]}}"));
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
        Path ladderDir = dir.resolve("runs").resolve("kdw");
        assertThat(states(ladderDir)).containsOnlyKeys("3.3k-stable-s1", "3.3k-t640-s1", "0.9k-stable-s1",
                "0.9k-t640-s1", "0.9k-t1.28k-s1", "0.9k-stable-kd-3.3k-t640-s1", "0.9k-t640-kd-3.3k-t640-s1",
                "0.9k-t1.28k-kd-3.3k-t640-s1").doesNotContainValue("failed").containsValue("completed");

        String branchId = "0.9k-t1.28k-kd-3.3k-t640-s1";
        Path branchDir = ladderDir.resolve(branchId);
        RunInfo info = RunJson.readInfo(branchDir.resolve("run.json"));
        Path teacherDir = ladderDir.resolve("3.3k-t640-s1").toAbsolutePath().normalize();
        assertThat(info.parents().teacher().path()).isEqualTo(teacherDir.toString());
        assertThat(info.parents().stable()).isEqualTo("0.9k-stable-kd-3.3k-t640-s1");
        // 1,280 tokens of 4 x 16 = 20 steps; the cooldown is the last quarter, from step 15
        assertThat(info.parents().branchStep()).isEqualTo(15);
        List<StepRecord> steps = RunLogReader.read(branchDir.resolve("metrics.jsonl")).steps();
        assertThat(steps.get(0).step()).isEqualTo(16);
        assertThat(steps).allSatisfy(st -> assertThat(st.distillLoss()).isNotNull());
        assertThat(RunLogReader.read(ladderDir.resolve(info.parents().stable()).resolve("metrics.jsonl")).steps())
                .allSatisfy(st -> assertThat(st.distillLoss()).isNotNull());

        Plan plan = Plan.read(ladderDir.resolve(Plan.FILE_NAME));
        Rung rung = plan.rungs().stream().filter(r -> r.runId().equals(branchId)).findFirst().orElseThrow();
        Path alone = dir.resolve("alone.json");
        Files.writeString(alone, RunJson.MAPPER.writeValueAsString(rung.config()));
        // on the workers' one thread: sums split over more threads round differently
        Result separate = InProcessCli.run("train", alone.toString(), "--out", dir.resolve("alone").toString(),
                "--set", "runId=alone", "--set", "distill.teacher=" + teacherDir, "--threads", "1", "--cache-dir",
                cache.toString());
        assertThat(separate.exitCode()).as(separate.out() + separate.err()).isEqualTo(ExitCode.OK);
        assertThat(RunJson.readSummary(branchDir.resolve("summary.json")).finalValLoss())
                .as("the branch continues its stable run exactly as one WSD distillation run of 1,280 tokens")
                .isEqualTo(RunJson.readSummary(dir.resolve("alone").resolve("single").resolve("alone").resolve("summary.json"))
                        .finalValLoss());

        FitData students = PostTrainingRuns.students(RunReader.read(List.of(ladderDir)));
        assertThat(students.runIds()).containsExactlyInAnyOrder("0.9k-t640-kd-3.3k-t640-s1", branchId);
        assertThat(students.excluded()).anySatisfy(e -> assertThat(e.runId())
                .isEqualTo("0.9k-stable-kd-3.3k-t640-s1"));
    }

    /**
     * One pretrained run fine-tuned for two budgets on a related corpus, with from-scratch controls at two budgets:
     * each fine-tune starts from the pretrained weights (its first loss is far below a fresh model's) and records
     * its parent, and {@code ladder demo finetune} reads, fits and prints them.
     */
    @Test
    void fineTunesStartFromTheirPretrainedRungOnTheTarget() throws Exception {
        Path config = dir.resolve("ft.json");
        Files.writeString(config, "{\"name\": \"ft\", " + RUN.replace("markov?chars=60000", "default?chars=60000")
                + ", \"finetuning\": {\"pretrained\": {\"shapes\": [\"3.3k\"], \"tokens\": [12800]},"
                + " \"target\": \"synthetic:default?chars=60000&redraw=0.3\", \"tokens\": [640, 1280],"
                + " \"scratchTokens\": [1280, 2560]}}");
        String demo = demo("finetune", config);
        Path ladderDir = dir.resolve("runs").resolve("ft");
        assertThat(demo).contains("ft: 5 rungs, 0 finished, 5 to train").contains("report: ")
                .contains("3.3k-t12.8k-ft-t1.28k-s1").contains("from scratch on the same tokens")
                .contains("fine-tuning law (Zhang et al. 2024)");
        assertThat(states(ladderDir).values()).containsOnly("completed");

        Path tunedDir = ladderDir.resolve("3.3k-t12.8k-ft-t1.28k-s1");
        RunInfo tuned = RunJson.readInfo(tunedDir.resolve("run.json"));
        assertThat(tuned.parents().pretrained().runId()).isEqualTo("3.3k-t12.8k-s1");
        assertThat(tuned.parents().pretrained().path()).isEqualTo(ladderDir.resolve("3.3k-t12.8k-s1")
                .toAbsolutePath().normalize().toString());
        assertThat(tuned.corpus().spec()).isEqualTo("synthetic:default?chars=60000&redraw=0.3");
        assertThat(tuned.flops().pretrained()).isPositive();
        StepRecord tunedFirst = RunLogReader.read(tunedDir.resolve("metrics.jsonl")).steps().get(0);
        StepRecord scratchFirst = RunLogReader.read(ladderDir.resolve("3.3k-scratch-t1.28k-s1")
                .resolve("metrics.jsonl")).steps().get(0);
        assertThat(tunedFirst.trainLoss()).as("starts from the pretrained weights")
                .isLessThan(scratchFirst.trainLoss() - 0.3);
        FitData finetuned = PostTrainingRuns.finetuned(RunReader.read(List.of(ladderDir)),
                PostTrainingRuns.FinetuneX.params);
        assertThat(finetuned.runIds()).containsExactlyInAnyOrder("3.3k-t12.8k-ft-t640-s1", "3.3k-t12.8k-ft-t1.28k-s1");
        assertThat(finetuned.finals()).allSatisfy(o -> assertThat(o.params()).isEqualTo(3312));
    }

    /** Writes the ladder config {@code <name>.json}: the shared run section and {@code form}. */
    private Path config(String name, String form) throws IOException {
        Path config = dir.resolve(name + ".json");
        Files.writeString(config, "{\"name\": \"" + name + "\", " + RUN + ", " + form + "}");
        return config;
    }

    /** {@code ladder run CONFIG} into {@code runs/} with 2 workers of 1 thread. */
    private Result run(Path config) {
        return InProcessCli.run("run", config.toString(), "--out", dir.resolve("runs").toString(), "--workers", "2",
                "--threads", "1", "--cache-dir", dir.resolve("cache").toString());
    }

    private Map<String, String> states(Path ladderDir) throws IOException {
        Result status = InProcessCli.run("status", ladderDir.toString(), "--json");
        assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCode.OK);
        Map<String, String> states = new HashMap<>();
        for (JsonNode r : RunJson.MAPPER.readTree(status.out()).get(0).get("rungs")) {
            states.put(r.get("runId").asText(), r.get("state").asText());
        }
        return states;
    }

    /** {@code ladder demo KIND --config CONFIG} in its own process, as a user runs it; returns its output. */
    private String demo(String kind, Path config) throws IOException, InterruptedException {
        Path log = dir.resolve(kind + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo", kind, "--config", config.toString(), "--out", dir.resolve("runs")
                .toString(), "--cache-dir", dir.resolve("cache").toString(), "--bootstrap", "20", "--workers", "2"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isEqualTo(ExitCode.OK);
        return output;
    }
}
