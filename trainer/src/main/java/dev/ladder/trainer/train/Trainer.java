package dev.ladder.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunRecord;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.runlog.RunSummary.Status;
import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.FlopsCount;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamCount;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public record Trainer(RunConfig config, RunDirectory dir, String runId, String ladder, Path cacheDir) {

    /** The summary of a run that already completed, if it did. */
    public Optional<RunSummary> completed() {
        if (!Files.isRegularFile(dir.summaryJson())) return Optional.empty();
        RunSummary summary = RunJson.readSummary(dir.summaryJson());
        return summary.status() == Status.COMPLETED ? Optional.of(summary) : Optional.empty();
    }

    /** Trains (or resumes) the run; returns the summary it wrote. */
    public RunSummary train(Backend backend, BooleanSupplier stopRequested, TrainProgress progress) {
        PreparedCorpus data = TokenCache.prepare(config.data().corpus(), config.data().tokenizer(), cacheDir,
                config.data().valFraction(), config.data().splitSeed());
        ModelConfig model = config.model().toModel(data.tokenizer().vocabSize());
        TrainLoop loop = new TrainLoop(config, model, data, dir, runId, backend.hostKernels());
        writeOrCheckRunInfo(runInfo(model, data, loop, backend));
        TrainLoop.Outcome outcome;
        try {
            outcome = loop.run(stopRequested, progress);
        } catch (RuntimeException e) {
            writeSummary(Status.FAILED, null, e.toString(), null);
            throw e;
        }
        return writeSummary(outcome.status(), outcome.state(), outcome.message(), outcome.finalEval());
    }

    private RunInfo runInfo(ModelConfig model, PreparedCorpus data, TrainLoop loop, Backend backend) {
        long tokensPerStep = config.tokensPerStep();
        LrSchedule schedule = loop.schedule();
        RunInfo.FlopsPerToken flops = new RunInfo.FlopsPerToken(FlopsCount.kaplan6N(model),
                FlopsCount.chinchillaExact(model, true), FlopsCount.chinchillaExact(model, false));
        RunInfo.CorpusInfo corpus = new RunInfo.CorpusInfo(config.data().corpus(), data.tokenizer().spec(),
                data.entropyRatePerToken().orElse(null), data.entropyRateErrorPerToken().orElse(null));
        RunInfo.ModelShape shape = new RunInfo.ModelShape(model.nLayer(), model.nHead(), model.dModel(),
                model.seqLen(), model.vocabSize(), model.tiedEmbeddings());
        return new RunInfo(RunRecord.CURRENT_VERSION, runId, ladder, ConfigLoader.toJson(config), shape,
                ParamCount.of(model).toRunInfo(), flops, config.steps() * tokensPerStep,
                schedule.warmupSteps() * tokensPerStep, config.seed(), corpus, Provenance.of(backend), null);
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
        return new RunConfig(c.description(), c.runId(), c.seed(), c.model(), c.data(), c.optim(), placed);
    }

    /** Writes summary.json; its finalValLoss is the whole-split evaluation's when there is one. */
    private RunSummary writeSummary(Status status, TrainState state, String message, EvalRecord finalEval) {
        Double finalLoss = finalEval != null ? Double.valueOf(finalEval.valLoss())
                : state == null ? null : state.lastValLoss();
        RunSummary summary = new RunSummary(RunRecord.CURRENT_VERSION, runId, status, finalLoss,
                state == null ? null : state.bestValLoss(),
                state == null ? 0 : state.tokens(), state == null ? 0 : state.step(),
                state == null ? 0 : state.wallSeconds(), message, PeakMemory.peakRssBytesOrNull(),
                finalEval == null ? null : finalEval.valLossStderr(), finalEval == null ? null : finalEval.valTokens());
        RunJson.writeAtomically(dir.summaryJson(), summary);
        return summary;
    }
}
