package dev.ladder.trainer.cli;

import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.train.Backend;
import dev.ladder.trainer.train.StopSignal;
import dev.ladder.trainer.train.TrainProgress;
import dev.ladder.trainer.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ladder train CONFIG}: trains one run into {@code <out>/single/<runId>}, resuming it if it was stopped. */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train one run from a config file (resumes a stopped run, skips a completed one).",
        description = {"", "Writes <out>/single/<runId>/ with run.json, metrics.jsonl, checkpoint/ and summary.json.",
            "Ctrl-C stops after the current step with a checkpoint (exit code 3); the same command resumes.", ""})
public final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Run config (JSON); keys not in it take defaults.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, e.g. optim.lr=3e-4.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Runs folder (default: runs).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (train.threads; 0 = all cores).")
    Integer threads;

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "train.device: ${COMPLETION-CANDIDATES}.")
    Device device;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Cache folder for token files (default: $LADDER_CACHE, else ~/.cache/ladder).")
    Path cacheDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> sets = new ArrayList<>(overrides);
        if (threads != null) sets.add("train.threads=" + threads);
        if (device != null) sets.add("train.device=" + device);
        RunConfig run = ConfigLoader.load(config, sets);
        String runId = run.resolvedRunId(prefix(config));
        RunDirectory dir = new RunDirectory(out.resolve("single").resolve(runId));
        Trainer trainer = new Trainer(run, dir, runId, null, cacheDir != null ? cacheDir : TokenCache.defaultDir());
        PrintWriter console = spec.commandLine().getOut();
        if (trainer.completed().isPresent()) {
            console.println(runId + ": already completed (" + dir.summaryJson() + "); nothing to do");
            console.flush();
            return ExitCode.OK;
        }
        Backend backend = Backend.start(run.train().device(), run.train().threads());
        RunSummary summary;
        try (StopSignal stop = StopSignal.install(System.err)) {
            summary = trainer.train(backend, stop, TrainProgress.console(runId));
        }
        console.println(summaryLine(summary, dir));
        console.flush();
        return switch (summary.status()) {
            case COMPLETED -> ExitCode.OK;
            case INTERRUPTED -> ExitCode.INTERRUPTED;
            case DIVERGED, FAILED -> ExitCode.FAILURE;
        };
    }

    /** The config file's name without extension: the runId prefix, e.g. "tiny" for configs/tiny.json. */
    private static String prefix(Path config) {
        String name = config.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String summaryLine(RunSummary s, RunDirectory dir) {
        String val = s.finalValLoss() == null ? "n/a" : String.format(Locale.ROOT, "%.4f (best %.4f)",
                s.finalValLoss(), s.bestValLoss());
        return String.format(Locale.ROOT, "%s: %s after %d steps, %,d tokens, %.1f s; val loss %s nats/token -> %s%s",
                s.runId(), s.status().json(), s.steps(), s.tokens(), s.wallSeconds(), val, dir.dir(),
                s.message() == null ? "" : System.lineSeparator() + s.message());
    }
}
