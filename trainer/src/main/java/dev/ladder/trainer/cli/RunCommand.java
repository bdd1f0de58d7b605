package dev.ladder.trainer.cli;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.trainer.ladder.LadderRunner;
import dev.ladder.trainer.ladder.MemoryCheck;
import dev.ladder.trainer.ladder.Plan;
import dev.ladder.trainer.ladder.Planner;
import dev.ladder.trainer.ladder.RungStatus.State;
import dev.ladder.trainer.train.StopSignal;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Rungs trained at once, each in its own process (default: 1).")
    int workers;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads per worker (default: the cores divided among the workers).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Runs folder (default: runs).")
    Path out;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Cache folder for token files (default: $LADDER_CACHE, else ~/.cache/ladder).")
    Path cacheDir;

    @Override
    public Integer call() {
        if (workers < 1) throw InvalidInputException.outOfRange("command line", "--workers", workers, ">= 1");
        if (threads != null && threads < 1) throw InvalidInputException.outOfRange("command line", "--threads", threads, ">= 1");
        Path cache = cacheDir != null ? cacheDir : TokenCache.defaultDir();
        Plan plan = Planner.plan(config, cache);
        MemoryCheck.check(config.toString(), plan, batchSize(plan), workers);
        Path planFile = out.resolve(plan.ladder()).resolve(Plan.FILE_NAME).toAbsolutePath();
        plan.write(planFile);
        int perWorker = threads != null ? threads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        PrintStream console = System.out;
        LadderRunner.Outcome outcome;
        try (StopSignal stop = StopSignal.install(console)) {
            outcome = new LadderRunner(plan, planFile, out.toAbsolutePath(), workers, perWorker,
                    cache.toAbsolutePath(), console).run(stop);
        }
        console.printf("%s: %d completed, %d diverged, %d failed, %d interrupted, %d pending of %d rungs -> %s%n",
                plan.ladder(), outcome.count(State.COMPLETED), outcome.count(State.DIVERGED),
                outcome.count(State.FAILED), outcome.count(State.INTERRUPTED), outcome.count(State.PENDING),
                plan.rungs().size(), out.resolve(plan.ladder()));
        if (outcome.count(State.COMPLETED) + outcome.count(State.DIVERGED) == plan.rungs().size()) {
            return outcome.count(State.DIVERGED) == 0 ? ExitCode.OK : ExitCode.FAILURE;
        }
        return outcome.count(State.FAILED) > 0 ? ExitCode.FAILURE : ExitCode.INTERRUPTED;
    }

    private Integer batchSize(Plan plan) {
        return plan.rungs().get(0).runConfig(config.toString()).train().batchSize();
    }
}
