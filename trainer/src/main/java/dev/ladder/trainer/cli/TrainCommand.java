package dev.ladder.trainer.cli;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.cli.CacheDirOption;
import dev.ladder.data.cli.OutputPaths;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.tokenizer.Tokenizers;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.ladder.MemoryCheck;
import dev.ladder.trainer.ladder.Plan;
import dev.ladder.trainer.ladder.Planner;
import dev.ladder.trainer.ladder.Rung;
import dev.ladder.trainer.ladder.RungStatus;
import dev.ladder.trainer.train.Backend;
import dev.ladder.trainer.train.InputClosed;
import dev.ladder.trainer.train.RunLock;
import dev.ladder.trainer.train.StopSignal;
import dev.ladder.trainer.train.SystemCheck;
import dev.ladder.trainer.train.TrainProgress;
import dev.ladder.trainer.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ladder train CONFIG}: trains one run into {@code <out>/single/<runId>}, or rung I of a ladder's plan into
 * {@code <out>/<ladder>/<runId>}, resuming it if it was stopped.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train one run from a config file (resumes a stopped run, skips a completed one).",
        description = {"", "Writes <out>/single/<runId>/ with run.json, metrics.jsonl, checkpoint/ and summary.json.",
            "With --plan and --rung (what `ladder run` workers and Slurm tasks call) it trains one rung of a ladder"
                + " into <out>/<ladder>/<runId>/.",
            "Ctrl-C stops after the current step with a checkpoint (exit code 3); the same command resumes.", ""})
public final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG",
            description = "Run config (JSON); keys not in it take defaults. Not with --plan.")
    Path config;

    @Option(names = "--plan", paramLabel = "FILE",
            description = "A ladder's plan.json (from `ladder run` or `ladder slurm`).")
    Path plan;

    @Option(names = "--rung", paramLabel = "I", description = "With --plan: the rung to train, 0-based.")
    Integer rung;

    @Option(names = "--serve", hidden = true,
            description = "With --plan, instead of --rung: train the rungs whose indices arrive on standard input, one"
                    + " per line, each as --rung would, answering each with a line '" + WORKER_ENDED + "I EXIT' on"
                    + " standard output; stop with a checkpoint when standard input closes (how `ladder run` runs"
                    + " its workers).")
    boolean serve;

    /** What a serving worker prints when a rung has ended, followed by the rung's index and its exit code. */
    public static final String WORKER_ENDED = "ladder-worker: ended ";

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, e.g. optim.lr=3e-4.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Runs folder (default: runs).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (train.threads; 0 = all cores).")
    Integer threads;

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "train.device: ${COMPLETION-CANDIDATES}.")
    Device device;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "train.engine: ${COMPLETION-CANDIDATES} (fast is the default; samediff is the reference).")
    Engine.Kind engine;

    @Mixin
    CacheDirOption cacheOption;

    @Spec
    CommandSpec spec;

    /**
     * Catches SIGINT and SIGTERM first, so a signal at any point (loading the config, preparing the corpus, setting
     * up the model, training) ends with exit code 3 and no lock left behind.
     */
    @Override
    public Integer call() {
        try (StopSignal stop = StopSignal.install(System.err)) {
            if (serve) return serve(stop);
            return train(stop);
        }
    }

    /**
     * Trains rung after rung in this JVM, as {@code ladder run} sends them: the rungs of a ladder share this
     * process's start-up, its loaded corpus and its compiled code (on the classroom ladder a WSD branch's own
     * process spent longer starting than training). Each rung's outcome is its exit code as {@code --rung} would
     * have returned it; an interrupted rung (stop requested) ends the worker.
     */
    private Integer serve(StopSignal stop) {
        if (plan == null || rung != null || config != null) {
            throw new InvalidInputException("train: --serve needs --plan FILE and neither --rung nor CONFIG");
        }
        InputClosed.Lines input = InputClosed.lines();
        BooleanSupplier stopRequested = () -> stop.getAsBoolean() || input.ended();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        while (true) {
            Optional<String> line = input.next();
            if (line.isEmpty()) return stop.getAsBoolean() ? ExitCode.INTERRUPTED : ExitCode.OK;
            int exit;
            try {
                rung = Integer.parseInt(line.get().strip());
                exit = train(stopRequested);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("train --serve: standard input: \"" + line.get()
                        + "\" is not a rung index; allowed: one integer per line");
            } catch (RuntimeException e) {
                exit = LadderCommand.handle(e, err, false);
            }
            err.flush();
            // The rung's arrays (weights, moments, activations) hold native memory that only a collection frees, and
            // training allocates too little heap to start one: without this a worker's resident memory grew by
            // about 20 MB a rung (measured on the classroom ladder, 356 to 836 MB over 18 rungs).
            System.gc();
            out.println(WORKER_ENDED + rung + " " + exit);
            out.flush();
            if (exit == ExitCode.INTERRUPTED || stop.getAsBoolean()) return ExitCode.INTERRUPTED;
        }
    }

    @SuppressWarnings("try")   // the run lock is held for the try block's duration and never read
    private Integer train(BooleanSupplier stop) {
        List<String> sets = new ArrayList<>(overrides);
        if (threads != null) sets.add("train.threads=" + threads);
        if (device != null) sets.add("train.device=" + device);
        if (engine != null) sets.add("train.engine=" + engine);
        OutputPaths.folder("command line: --out", out);
        Path cache = cacheOption.resolve();
        Trainer trainer = plan != null ? rungTrainer(sets, cache) : configTrainer(sets, cache);
        RunDirectory dir = trainer.dir();
        PrintWriter console = spec.commandLine().getOut();
        if (trainer.completed().isPresent()) return alreadyCompleted(trainer, console);
        if (plan != null) {
            Plan ladder = Plan.read(plan);
            Optional<String> waiting = RungStatus.unmetParents(ladder, dir.dir().getParent(),
                    ladder.rung(plan.toString(), rung));
            if (waiting.isPresent()) {
                spec.commandLine().getErr().println(trainer.runId() + ": not trained: " + waiting.get());
                return ExitCode.FAILURE;
            }
        }
        RunConfig run = trainer.config();
        if (run.train().device() == Device.CUDA) SystemCheck.requireReady(Device.CUDA, cache);
        checkSize(trainer);
        if (stop.getAsBoolean()) return stoppedBeforeStart(trainer, console);
        Backend backend = Backend.start(run.train().device(), run.train().threads());
        RunSummary summary;
        Path firstCreated = NewFolders.firstMissing(dir.dir());
        try (RunLock lock = RunLock.acquire(dir.dir(), System.err)) {
            // checked again under the lock: another process may have finished the run since
            if (trainer.completed().isPresent()) return alreadyCompleted(trainer, console);
            if (stop.getAsBoolean()) return stoppedBeforeStart(trainer, console);
            summary = trainer.train(backend, stop, TrainProgress.console(trainer.runId()));
        } catch (InvalidInputException e) {
            NewFolders.removeIfEmpty(firstCreated, dir.dir());
            throw e;
        }
        console.println(summaryLine(summary, dir));
        console.flush();
        return switch (summary.status()) {
            case COMPLETED -> ExitCode.OK;
            case INTERRUPTED -> ExitCode.INTERRUPTED;
            case DIVERGED, FAILED -> ExitCode.FAILURE;
        };
    }

    private static int alreadyCompleted(Trainer trainer, PrintWriter console) {
        RunLock.removeStale(trainer.dir().dir(), System.err);
        console.println(trainer.runId() + ": already completed (" + trainer.dir().summaryJson() + "); nothing to do");
        console.flush();
        return ExitCode.OK;
    }

    private static int stoppedBeforeStart(Trainer trainer, PrintWriter console) {
        console.println(trainer.runId() + ": interrupted before training started; run the same command again to"
                + " start it");
        console.flush();
        return ExitCode.INTERRUPTED;
    }

    /**
     * Refuses, before the corpus is prepared and before anything is allocated or written, a model whose training
     * would not fit in this machine's memory (GPU 0's on CUDA) or in one flat parameter buffer, like {@code ladder
     * plan} does for a ladder. The vocabulary is the tokenizer spec's ({@code bpe:V}, {@code tiktoken:e}) or, for
     * {@code char}, taken as 2 here (the least there is; the trainer checks again with the corpus's own).
     */
    private void checkSize(Trainer trainer) {
        RunConfig run = trainer.config();
        String spec = Tokenizers.validate(run.data().tokenizer());
        MemoryCheck.checkRun(source(), run, Tokenizers.vocabSize(spec).orElse(2));
    }

    /** Where the run's config came from, for messages: the config file, or the plan and rung. */
    private String source() {
        return config != null ? config.toString() : plan + ": rung " + rung;
    }

    private Trainer configTrainer(List<String> sets, Path cache) {
        if (config == null) {
            throw new InvalidInputException("train: give a CONFIG file, or --plan FILE with --rung I");
        }
        if (rung != null) throw new InvalidInputException("train: --rung needs --plan FILE");
        RunConfig run = ConfigLoader.load(config, sets);
        String runId = run.resolvedRunId(prefix(config));
        return new Trainer(run, new RunDirectory(out.resolve("single").resolve(runId)), runId, null, cache);
    }

    private Trainer rungTrainer(List<String> sets, Path cache) {
        if (config != null) {
            throw new InvalidInputException("train: give either CONFIG or --plan, not both (got " + config + ")");
        }
        if (rung == null) throw new InvalidInputException("train: --plan " + plan + " needs --rung I");
        Plan ladder = Plan.read(plan);
        Rung r = ladder.rung(plan.toString(), rung);
        Path ladderDir = out.resolve(ladder.ladder());
        RunConfig run = ConfigLoader.load(plan + ": rung " + rung, r.config(), withParents(r, ladderDir, sets));
        RunDirectory dir = new RunDirectory(ladderDir.resolve(r.runId()));
        Double planned = r.plannedFlops() > 0 ? r.plannedFlops() : null;
        Trainer.Lineage lineage = new Trainer.Lineage(r.parents(), Planner.branchSteps(ladder, r.runId()));
        return new Trainer(run, dir, r.runId(), ladder.ladder(), cache, planned, lineage);
    }

    /**
     * The overrides {@code sets} after the run directories of the rung's teacher and pretrained parent, named in the
     * plan by run id and trained into the same ladder folder: {@code distill.teacher} and {@code init.pretrained}.
     */
    private static List<String> withParents(Rung r, Path ladderDir, List<String> sets) {
        List<String> all = new ArrayList<>();
        RunInfo.Parents parents = r.parents();
        if (parents != null && parents.teacher() != null) {
            all.add("distill.teacher=" + ladderDir.resolve(parents.teacher().runId()).toAbsolutePath());
        }
        if (parents != null && parents.pretrained() != null) {
            all.add("init.pretrained=" + ladderDir.resolve(parents.pretrained().runId()).toAbsolutePath());
        }
        all.addAll(sets);
        return all;
    }

    /** The config file's name without extension: the runId prefix, e.g. "tiny" for configs/tiny.json. */
    private static String prefix(Path config) {
        String name = config.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String summaryLine(RunSummary s, RunDirectory dir) {
        String error = s.finalValLossStderr() == null ? ""
                : String.format(Locale.ROOT, " ± %.4f over %,d tokens", s.finalValLossStderr(), s.finalValTokens());
        String val = s.finalValLoss() == null ? "n/a" : String.format(Locale.ROOT, "%.4f%s (best periodic %.4f)",
                s.finalValLoss(), error, s.bestValLoss());
        return String.format(Locale.ROOT, "%s: %s after %d steps, %,d tokens, %.1f s; val loss %s nats/token -> %s%s",
                s.runId(), s.status().json(), s.steps(), s.tokens(), s.wallSeconds(), val, dir.dir(),
                s.message() == null ? "" : System.lineSeparator() + s.message());
    }
}
