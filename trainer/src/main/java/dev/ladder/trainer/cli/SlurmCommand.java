package dev.ladder.trainer.cli;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.cli.CacheDirOption;
import dev.ladder.data.cli.OutputPaths;
import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.trainer.ladder.JvmMemory;
import dev.ladder.trainer.ladder.Plan;
import dev.ladder.trainer.ladder.Planner;
import dev.ladder.trainer.ladder.SlurmScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ladder slurm CONFIG}: writes the plan and an sbatch job-array script that trains rung i in task i. */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        header = "Write a Slurm job-array script for a ladder (task i trains rung i into the shared runs folder).",
        description = {"", "Writes <out>/<ladder>/plan.json and <out>/<ladder>/<ladder>.sbatch; submit the script with"
                + " sbatch. --out must be on a file system every node sees. Tasks resume from their checkpoints when"
                + " resubmitted, and `ladder status <out>/<ladder>` shows progress.", ""})
public final class SlurmCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Ladder config (JSON).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
            description = "Shared runs folder (default: runs).")
    Path out;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition (default: the cluster's default).")
    String partition;

    @Option(names = "--gpus-per-task", paramLabel = "N", defaultValue = "0",
            description = "GPUs per task; > 0 trains with --device CUDA (default: 0).")
    int gpusPerTask;

    @Option(names = "--cpus-per-task", paramLabel = "N", defaultValue = "2",
            description = "CPU cores per task, also the trainer's threads (default: 2).")
    int cpusPerTask;

    @Option(names = "--time", paramLabel = "HH:MM:SS", defaultValue = "04:00:00",
            description = "Wall-time limit per task (default: 04:00:00).")
    String time;

    @Option(names = "--max-parallel", paramLabel = "N", defaultValue = "0",
            description = "Most tasks running at once; 0 = no limit (default: 0).")
    int maxParallel;

    @Option(names = "--jar", paramLabel = "FILE", description = "The ladder jar the tasks run (default: this one).")
    Path jar;

    @Mixin
    CacheDirOption cacheOption;

    @Override
    public Integer call() {
        if (!time.matches("\\d{1,3}:[0-5]\\d:[0-5]\\d")) {
            throw InvalidInputException.notAllowed("command line", "--time", time,
                    "HH:MM:SS with minutes and seconds 00..59, e.g. 04:00:00");
        }
        if (partition != null && !partition.matches("[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*")) {
            throw InvalidInputException.notAllowed("command line", "--partition", partition.replace("\n", "\\n"),
                    "a partition name (letters, digits, '.', '_', '-'), or several joined by ','");
        }
        if (gpusPerTask < 0) {
            throw InvalidInputException.outOfRange("command line", "--gpus-per-task", gpusPerTask, ">= 0");
        }
        if (cpusPerTask < 1) {
            throw InvalidInputException.outOfRange("command line", "--cpus-per-task", cpusPerTask, ">= 1");
        }
        if (maxParallel < 0) {
            throw InvalidInputException.outOfRange("command line", "--max-parallel", maxParallel,
                    ">= 0 (0 = no limit)");
        }
        Path jarFile = jarPath();
        OutputPaths.folder("command line: --out", out);
        PreparedCorpus corpus = Planner.corpus(config, cacheOption.resolve());
        Plan plan = Planner.plan(config, corpus);
        Path ladderDir = out.toAbsolutePath().resolve(plan.ladder());
        Path planFile = ladderDir.resolve(Plan.FILE_NAME);
        plan.write(planFile);
        String script = new SlurmScript(partition, gpusPerTask, cpusPerTask, time, maxParallel,
                cacheOption.resolve().toAbsolutePath())
                .render(plan, planFile, out.toAbsolutePath(), jarFile, JvmMemory.Corpus.of(corpus));
        Path scriptFile = ladderDir.resolve(plan.ladder() + ".sbatch");
        write(scriptFile, script);
        if (!SlurmScript.staged(plan)) {
            System.out.println("wrote " + planFile + " (" + plan.rungs().size() + " rungs) and " + scriptFile);
            System.out.println("submit with: sbatch " + scriptFile);
            return ExitCode.OK;
        }
        Path submitFile = ladderDir.resolve(plan.ladder() + "-submit.sh");
        write(submitFile, new SlurmScript(partition, gpusPerTask, cpusPerTask, time, maxParallel, null)
                .renderSubmit(plan, scriptFile));
        System.out.println("wrote " + planFile + " (" + plan.rungs().size() + " rungs), " + scriptFile + " and "
                + submitFile + " (rungs depend on other rungs: it submits the array in stages with job dependencies)");
        System.out.println("submit with: bash " + submitFile);
        return ExitCode.OK;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private Path jarPath() {
        if (jar != null) return OutputPaths.existingFile("command line: --jar", jar).toAbsolutePath();
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            return Path.of(classPath).toAbsolutePath();
        }
        throw new InvalidInputException("--jar is needed: this process does not run from the ladder jar "
                + "(class path " + classPath + "); allowed: the path of trainer/target/ladder.jar");
    }
}
