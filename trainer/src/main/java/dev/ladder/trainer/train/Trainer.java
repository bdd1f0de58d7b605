package dev.ladder.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.corpus.ContextFloor;
import dev.ladder.data.corpus.Corpora;
import dev.ladder.data.runlog.CorruptFileException;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.MetricsLog;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.runlog.RunRecord;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.runlog.RunSummary.Status;
import dev.ladder.data.runlog.StepRecord;
import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.ladder.MemoryCheck;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.FlopsCount;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Trains one run into its run directory: writes run.json on the first start, resumes from the checkpoint on later
 * starts, runs the {@link TrainLoop} and writes summary.json however it ends. A run whose summary says completed is
 * not trained again.
 *
 * @param config   the resolved run config
 * @param dir      the run directory, {@code <out>/<ladder or "single">/<runId>}
 * @param runId    the run's id
 * @param ladder   the ladder the run belongs to; null for a lone run
 * @param cacheDir where token files are cached
 * @param plannedFlops the ladder budget of the rung (Kaplan's 6N convention), recorded in run.json; null for a
 *                     lone run
 * @param lineage  the runs this one depends on and the branch points it keeps for others
 */
public record Trainer(RunConfig config, RunDirectory dir, String runId, String ladder, Path cacheDir,
                      Double plannedFlops, Lineage lineage) {

    /**
     * How a run relates to others of its ladder.
     *
     * @param parents     its parents, written into run.json; null when none. With {@code parents.stable} the run is a
     *                    WSD branch and starts from that run's kept checkpoint at {@code parents.branchStep}.
     * @param branchSteps steps at which this run keeps a checkpoint for its WSD branches (empty for most runs)
     */
    public record Lineage(RunInfo.Parents parents, List<Long> branchSteps) {
        public static final Lineage NONE = new Lineage(null, List.of());

        public Lineage {
            branchSteps = List.copyOf(branchSteps);
        }
    }

    /** A run that depends on no other and has no planned budget. */
    public Trainer(RunConfig config, RunDirectory dir, String runId, String ladder, Path cacheDir) {
        this(config, dir, runId, ladder, cacheDir, null, Lineage.NONE);
    }

    /**
     * The summary of a run that already completed, if it did. A summary.json that is not valid JSON (cut short by a
     * crash) is moved aside to {@code summary.json.corrupt-N} with a warning and the run counts as unfinished: it
     * resumes from its checkpoint and writes a new summary.
     */
    public Optional<RunSummary> completed() {
        if (!Files.isRegularFile(dir.summaryJson())) return Optional.empty();
        RunSummary summary;
        try {
            summary = RunJson.readSummary(dir.summaryJson());
        } catch (CorruptFileException e) {
            Path aside = moveAside(dir.summaryJson());
            System.err.println("warning: " + e.getMessage() + "; moved it to " + aside
                    + " and treating the run as unfinished");
            return Optional.empty();
        }
        return summary.status() == Status.COMPLETED ? Optional.of(summary) : Optional.empty();
    }

    private static Path moveAside(Path file) {
        for (int n = 1; ; n++) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + n);
            if (Files.exists(aside)) continue;
            try {
                return Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move " + file + " to " + aside + ": " + RunJson.reason(e), e);
            }
        }
    }

    /** Trains (or resumes) the run; returns the summary it wrote. */
    public RunSummary train(Backend backend, BooleanSupplier stopRequested, TrainProgress progress) {
        PreparedCorpus data = TokenCache.prepare(config.data().corpus(), config.data().tokenizer(), cacheDir,
                config.data().valFraction(), config.data().splitSeed());
        MemoryCheck.checkRun(dir.dir().toString(), config, data.tokenizer().vocabSize());
        ModelConfig model = config.model().toModel(data.tokenizer().vocabSize()).requireTrainable();
        ParentRun pretrained = config.init().pretrained() == null ? null
                : ParentRun.open("init.pretrained", config.init().pretrained());
        ParentRun teacher = config.distill().teacher() == null ? null
                : ParentRun.open("distill.teacher", config.distill().teacher());
        if (pretrained != null) {
            pretrained.requireShape(model);
            pretrained.requireSameTokens(data.tokenizer(), model.seqLen(), cacheDir);
        }
        if (teacher != null) teacher.requireSameTokens(data.tokenizer(), model.seqLen(), cacheDir);
        TrainLoop loop = new TrainLoop(config, model, data, dir, runId, backend.engineOptions(), pretrained, teacher);
        RunInfo.Parents lineageParents = lineage.parents();
        if (lineageParents != null && lineageParents.stable() != null) {
            loop.branchFrom(new RunDirectory(dir.dir().resolveSibling(lineageParents.stable())),
                    lineageParents.branchStep());
        }
        loop.keepBranchPoints(lineage.branchSteps());
        writeOrCheckRunInfo(runInfo(model, data, loop, backend, pretrained, teacher));
        TrainLoop.Outcome outcome;
        try {
            outcome = loop.run(stopRequested, progress);
        } catch (UncheckedIOException e) {
            return ioFailure(e);
        } catch (RuntimeException e) {
            writeSummary(Status.FAILED, null, e.toString(), null);
            throw e;
        }
        return writeSummary(outcome.status(), outcome.state(), outcome.message(), outcome.finalEval());
    }

    /**
     * A write into the run directory failed (a full disk, a folder gone read-only): the run failed, its last
     * checkpoint is still valid. Writes a failed summary naming the path and the reason, with the steps, tokens and
     * losses the log got to, if the disk takes it; else returns one that says it could not be written.
     */
    private RunSummary ioFailure(UncheckedIOException e) {
        String message = e.getMessage() + "; the last checkpoint is kept: make room (or fix the folder) and run the"
                + " same command again to resume";
        TrainState logged = loggedState();
        try {
            return writeSummary(Status.FAILED, logged, message, null);
        } catch (UncheckedIOException again) {
            e.addSuppressed(again);
            return summary(Status.FAILED, logged, message + " (" + again.getMessage() + ")", null);
        }
    }

    /** Where the run's log says it got to (last step, evals), for a summary written without the loop's state. */
    private TrainState loggedState() {
        MetricsLog log;
        try {
            log = RunLogReader.read(dir.metrics());
        } catch (InvalidInputException | UncheckedIOException unreadable) {
            return null;   // the summary then says 0 steps; its message still names the failure
        }
        if (log.steps().isEmpty()) return null;
        StepRecord last = log.steps().get(log.steps().size() - 1);
        TrainState state = new TrainState(last.step(), last.tokens(), null, last.wallSeconds(), config.seed(),
                log.steps().get(0).trainLoss(), null, null);
        for (EvalRecord eval : log.evals()) state = state.withEval(eval.valLoss());
        return state;
    }

    private RunInfo runInfo(ModelConfig model, PreparedCorpus data, TrainLoop loop, Backend backend,
                            ParentRun pretrained, ParentRun teacher) {
        long tokensPerStep = config.tokensPerStep();
        LrSchedule schedule = loop.schedule();
        RunInfo.FlopsPerToken flops = new RunInfo.FlopsPerToken(FlopsCount.kaplan6N(model),
                FlopsCount.chinchillaExact(model, true), FlopsCount.chinchillaExact(model, false));
        // the floor is per character, so per token only for the char tokenizer
        Optional<ContextFloor> floor = data.tokenizer().spec().equals("char")
                ? Corpora.contextFloor(config.data().corpus(), model.seqLen(), cacheDir) : Optional.empty();
        RunInfo.CorpusInfo corpus = new RunInfo.CorpusInfo(config.data().corpus(), data.tokenizer().spec(),
                data.entropyRatePerToken().orElse(null), data.entropyRateErrorPerToken().orElse(null),
                floor.map(ContextFloor::natsPerChar).orElse(null), floor.map(ContextFloor::stdError).orElse(null),
                floor.map(ContextFloor::contextLength).orElse(null));
        RunInfo.ModelShape shape = new RunInfo.ModelShape(model.nLayer(), model.nHead(), model.dModel(),
                model.seqLen(), model.vocabSize(), model.tiedEmbeddings());
        long plannedTokens = config.steps() * tokensPerStep;
        RunInfo.Parents branch = lineage.parents();
        RunInfo.Parents parents = pretrained == null && teacher == null && branch == null ? null
                : new RunInfo.Parents(teacher == null ? null : teacher.toRunInfo(),
                        pretrained == null ? null : pretrained.toRunInfo(), branch == null ? null : branch.stable(),
                        branch == null ? null : branch.branchStep(), branch == null ? null : branch.branchTokens());
        return new RunInfo(RunRecord.CURRENT_VERSION, runId, ladder, ConfigLoader.toJson(config), shape,
                ParamCount.of(model).toRunInfo(), flops, plannedTokens, schedule.warmupSteps() * tokensPerStep,
                config.seed(), corpus, Provenance.of(backend), parents,
                trainingFlops(flops.chinchillaExact() * plannedTokens, plannedTokens, pretrained, teacher), plannedFlops);
    }

    /**
     * This run's training FLOPs and its parents', apart (Busbridge et al. 2025, Eq. 9): the teacher's forward pass
     * costs a third of its training FLOPs per token (chinchillaExact = 3F(N)) on each of this run's tokens.
     */
    private static RunInfo.Flops trainingFlops(double student, long plannedTokens, ParentRun pretrained,
                                               ParentRun teacher) {
        Double teacherInference = teacher == null ? null
                : teacher.info().flopsPerToken().chinchillaExact() / 3 * plannedTokens;
        return new RunInfo.Flops(student, teacherInference, teacher == null ? null : teacher.trainingFlops(),
                pretrained == null ? null : pretrained.trainingFlops());
    }

    /**
     * Writes run.json on a first start; on a resume, refuses a config that differs from the one the run began with
     * (apart from threads and device, which may change between sessions at the price of bit-exactness).
     */
    private void writeOrCheckRunInfo(RunInfo info) {
        if (!dir.exists()) {
            RunJson.writeAtomically(dir.runJson(), info);
            return;
        }
        JsonNode stored = RunJson.readInfo(dir.runJson()).config();
        RunConfig before;
        try {
            before = ConfigLoader.MAPPER.treeToValue(stored, RunConfig.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidInputException(dir.runJson() + ": config cannot be read back (" + e.getMessage()
                    + "); allowed: a run directory written by this version, or another runId or --out", e);
        }
        if (!withoutPlacement(before).equals(withoutPlacement(config))) {
            throw new InvalidInputException(dir.runJson() + ": config = " + info.config() + " differs from the"
                    + " config this run started with, " + stored + "; allowed: the same config (to resume), or"
                    + " another runId or --out for a new run");
        }
    }

    /**
     * The config with the defaults for train.threads, train.device and train.engine (engines read each other's
     * checkpoints), for comparing two sessions of a run.
     */
    private static RunConfig withoutPlacement(RunConfig c) {
        TrainConfig t = c.train();
        TrainConfig placed = new TrainConfig(t.tokens(), t.batchSize(), t.evalEvery(), t.evalBatches(),
                t.checkpointEvery(), 0, TrainConfig.Device.CPU, Engine.Kind.FAST, t.finalEvalTokens());
        return new RunConfig(c.description(), c.runId(), c.seed(), c.model(), c.data(), c.optim(), placed, c.init(),
                c.distill());
    }

    /** Writes summary.json; its finalValLoss is the whole-split evaluation's when there is one. */
    private RunSummary writeSummary(Status status, TrainState state, String message, EvalRecord finalEval) {
        RunSummary summary = summary(status, state, message, finalEval);
        RunJson.writeAtomically(dir.summaryJson(), summary);
        return summary;
    }

    private RunSummary summary(Status status, TrainState state, String message, EvalRecord finalEval) {
        Double finalLoss = finalEval != null ? Double.valueOf(finalEval.valLoss())
                : state == null ? null : state.lastValLoss();
        return new RunSummary(RunRecord.CURRENT_VERSION, runId, status, finalLoss,
                state == null ? null : state.bestValLoss(),
                state == null ? 0 : state.tokens(), state == null ? 0 : state.step(),
                state == null ? 0 : state.wallSeconds(), message, PeakMemory.peakRssBytesOrNull(),
                finalEval == null ? null : finalEval.valLossStderr(), finalEval == null ? null : finalEval.valTokens());
    }
}
