package dev.ladder.trainer.cli;

import dev.ladder.data.cli.CacheDirOption;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.train.Backend;
import dev.ladder.trainer.train.SystemCheck;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ladder doctor}: what this machine and build offer for training, and a fix for what would stop a ladder. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        header = "Check this machine for training: backend, BLAS or CUDA devices, memory limits, cache, tools.",
        description = {"", "Prints the ND4J build and backend, BLAS vendor or CUDA devices with their memory, threads,"
                + " Java heap, JavaCPP off-heap limits, physical memory, the cache folder and whether npm, sbatch"
                + " (Slurm) and Chromium are on PATH (optional: warnings only). Exits 1, with a one-line fix for each,"
                + " when something would stop a ladder on --device; `ladder run` and `ladder train` run the same"
                + " checks before the first rung on CUDA.", ""})
public final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Device to check for: ${COMPLETION-CANDIDATES} (default: CUDA on the CUDA build, else CPU).")
    Device device;

    @Mixin
    CacheDirOption cacheOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Device target = device != null ? device : Backend.cudaBuild() ? Device.CUDA : Device.CPU;
        SystemCheck.Report report = SystemCheck.run(target, cacheOption.unchecked());
        PrintWriter out = spec.commandLine().getOut();
        out.println("ladder doctor: checking for device " + target);
        for (SystemCheck.Fact fact : report.facts()) {
            out.printf(Locale.ROOT, "  %-13s %s%n", fact.name(), fact.value());
        }
        for (SystemCheck.Finding warning : report.warnings()) {
            out.println("warning: " + warning.what() + "; hint: " + warning.hint());
        }
        for (SystemCheck.Finding problem : report.problems()) {
            out.println("problem: " + problem.what() + "; fix: " + problem.hint());
        }
        int problems = report.problems().size();
        out.println(problems == 0 ? "ok: nothing here stops a ladder on " + target
                : problems + (problems == 1 ? " problem stops" : " problems stop") + " a ladder on " + target
                        + " here");
        out.flush();
        return problems == 0 ? ExitCode.OK : ExitCode.FAILURE;
    }
}
