package dev.ladder.trainer.cli;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.cli.CacheDirOption;
import dev.ladder.data.cli.OutputPaths;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.ladder.LadderRunner;
import dev.ladder.trainer.ladder.Plan;
import dev.ladder.trainer.ladder.RungStatus.State;
import dev.ladder.trainer.train.StopSignal;
import dev.ladder.trainer.train.SystemCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ladder run CONFIG}: trains every rung of a ladder with local worker processes. */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Train every rung of a ladder (resumable: skips finished rungs, resumes stopped ones).",
        description = {"", "Rungs run cheapest first, --workers at a time, each in its own process (its output goes to"
                + " <out>/<ladder>/<runId>/train.log). A rung that fails or crashes is retried once. Ctrl-C stops"
                + " every worker with a checkpoint (exit code 3); the same command carries on from there.", ""})
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Ladder config (JSON), e.g. configs/classroom.json.")
    Path config;

    @Option(names = "--workers", paramLabel = "N",
            description = "Rungs trained at once, in worker processes (default: one per core on a CPU, where one"
                    + " thread per small model is fastest; 1 on CUDA).")
    Integer workers;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads per worker (default: the cores divided among the workers).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Runs folder (default: runs).")
    Path out;

    @Mixin
    SeedsOption seedsOption;

    @Mixin
    CacheDirOption cacheOption;

    @Override
    public Integer call() {
        if (workers != null && workers < 1) {
            throw InvalidInputException.outOfRange("command line", "--workers", workers, ">= 1");
        }
        if (threads != null && threads < 1) {
            throw InvalidInputException.outOfRange("command line", "--threads", threads, ">= 1");
        }
        List<Long> seeds = seedsOption.seeds();
        OutputPaths.folder("command line: --out", out);
        Path cache = cacheOption.resolve();
        RunConfig run = ConfigLoader.load(config + ": run", ConfigLoader.loadLadder(config).run(), List.of());
        if (run.train().device() == Device.CUDA) SystemCheck.requireReady(Device.CUDA, cache);
        PrintStream console = System.out;
        LadderRunner.Trained trained;
        try (StopSignal stop = StopSignal.install(console)) {
            trained = LadderRunner.train(config, seeds, out, cache, workers, threads, stop, console);
        }
        Plan plan = trained.plan();
        LadderRunner.Outcome outcome = trained.outcome();
        console.printf("%s: %d completed, %d diverged, %d failed, %d interrupted, %d pending%s of %d rungs -> %s%n",
                plan.ladder(), outcome.count(State.COMPLETED), outcome.count(State.DIVERGED),
                outcome.count(State.FAILED), outcome.count(State.INTERRUPTED), outcome.count(State.PENDING),
                outcome.count(State.BLOCKED) == 0 ? "" : ", " + outcome.count(State.BLOCKED) + " blocked",
                plan.rungs().size(), out.resolve(plan.ladder()));
        if (trained.finished()) {
            return outcome.count(State.DIVERGED) == 0 ? ExitCode.OK : ExitCode.FAILURE;
        }
        boolean failed = outcome.count(State.FAILED) > 0 || outcome.count(State.BLOCKED) > 0;
        return failed ? ExitCode.FAILURE : ExitCode.INTERRUPTED;
    }
}
