package dev.ladder.trainer.train;

import dev.ladder.data.batch.BatchSampler;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunLogWriter;
import dev.ladder.data.runlog.RunSummary.Status;
import dev.ladder.data.runlog.StepRecord;
import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.data.tokens.TokenFile;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.FlopsCount;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.Parameters;
import dev.ladder.trainer.model.SoftTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * Trains one run from its latest checkpoint (or from initialisation) to the end of its token budget: each step draws
 * a batch, computes loss and gradients with the configured {@link Engine}, clips and applies AdamW at the scheduled
 * learning rate, and logs a step record; every {@code evalEvery} steps it evaluates a fixed, seeded subset of the
 * validation split, after the last step the whole split (up to {@code train.finalEvalTokens}), and every
 * {@code checkpointEvery} steps (and when asked to stop) it writes a checkpoint. Resuming from a checkpoint repeats
 * the uninterrupted run's losses bit for bit on the same thread count. A WSD stable run keeps a copy of its
 * checkpoint at each branch point, and a branch starts from such a copy instead of from initialisation.
 *
 * <p>A fine-tuning run starts from a pretrained run's weights instead of the initialisation (with fresh optimizer
 * state and its own schedule). A distillation run computes its teacher's logits for each batch with the teacher's
 * forward pass (on the fly: caching them would hold {@code tokens × vocabSize} floats) and trains on the
 * distillation objective; its step records keep the cross-entropy on the data as {@code trainLoss} and add the
 * objective as {@code distillLoss}, and evaluations stay cross-entropy on the data.
 */
public final class TrainLoop {

    /** Seed of the fixed validation subset: the same for every run, so evaluations are comparable across runs. */
    static final long VAL_SEED = 20_220_329L;
    /** A loss this far (nats) above the first step's loss counts as divergence. */
    static final double DIVERGENCE_MARGIN = 3.0;

    private final RunConfig config;
    private final String runId;
    private final Parameters params;
    private final AdamW adam;
    private final Engine engine;
    private final BatchSampler sampler;
    private final Evaluator evaluator;
    private final ValidationWindows valSubset;
    private final TokenFile val;
    private final LrSchedule schedule;
    private final Checkpoints checkpoints;
    private final RunDirectory dir;
    private final double flopsPerToken;
    private final Engine teacher;
    private long sessionStartNanos;
    private double wallBefore;
    /** For a WSD branch, its stable run; null otherwise. */
    private RunDirectory stableRun;
    private long branchStep;
    private List<Long> keptSteps = List.of();

    /**
     * How a session of training ended.
     *
     * @param finalEval the evaluation over the whole validation split; null unless the run completed
     */
    public record Outcome(Status status, TrainState state, String message, EvalRecord finalEval) {

        /** An outcome without a final evaluation (the run did not complete). */
        public Outcome(Status status, TrainState state, String message) {
            this(status, state, message, null);
        }
    }

    /**
     * @param options     how the engine computes ({@link Backend#engineOptions}); the optimizer runs its CPU kernels as
     *                    Java loops when the engine does
     * @param pretrained  the run whose weights this one starts from; null for the seeded initialisation
     * @param teacher     the distillation teacher ({@code config.distill()} holds λ and τ); null without
     */
    public TrainLoop(RunConfig config, ModelConfig model, PreparedCorpus data, RunDirectory dir, String runId,
                     Engine.Options options, ParentRun pretrained, ParentRun teacher) {
        this.config = config;
        this.runId = runId;
        this.dir = dir;
        int batchSize = config.train().batchSize();
        int seqLen = model.seqLen();
        this.sampler = new BatchSampler(data.train(), batchSize, seqLen, config.seed());
        this.val = data.val();
        this.valSubset = ValidationWindows.subset(val, seqLen, config.evalBatchCount() * batchSize, VAL_SEED);
        this.params = Parameters.initial(model, config.seed(), config.init().std());
        if (pretrained != null) params.copyFrom(pretrained.weights());
        this.adam = new AdamW(config.optim(), model, options.hostKernels());
        this.engine = Engine.create(config.train().engine(), model, params, options);
        this.evaluator = new Evaluator(engine, val, batchSize);
        this.schedule = LrSchedule.of(config.optim(), config.steps(), config.tokensPerStep());
        this.checkpoints = new Checkpoints(dir.checkpoint());
        this.flopsPerToken = FlopsCount.kaplan6N(model);
        this.teacher = teacher == null ? null
                : Engine.create(config.train().engine(), teacher.model(), teacher.weights(), options);
    }

    /** The parameters being trained (live), for tests. */
    Parameters params() {
        return params;
    }

    /**
     * Makes this run a WSD cooldown branch: without a checkpoint of its own it starts from {@code stable}'s state at
     * {@code step} (weights, optimizer moments, data cursor, step and token counts), as the stable run kept it.
     */
    public void branchFrom(RunDirectory stable, long step) {
        this.stableRun = stable;
        this.branchStep = step;
    }

    /** Makes this run a WSD stable run: it keeps a copy of its checkpoint at each of {@code steps} for branches. */
    public void keepBranchPoints(List<Long> steps) {
        this.keptSteps = List.copyOf(steps);
    }

    public LrSchedule schedule() {
        return schedule;
    }

    /** Steps between evaluations: {@code train.evalEvery}, or about 25 evaluations per run when it is 0. */
    public long evalEvery() {
        return config.evalEverySteps();
    }

    /** Steps between checkpoints: {@code train.checkpointEvery}, or about 10 per run when it is 0. */
    public long checkpointEvery() {
        int every = config.train().checkpointEvery();
        return every > 0 ? every : Math.max(1, config.steps() / 10);
    }

    /** Trains until the budget is spent, the loss diverges, or {@code stopRequested} turns true. */
    public Outcome run(BooleanSupplier stopRequested, TrainProgress progress) {
        TrainState state = checkpoints.load(params, adam).orElseGet(this::startState);
        sampler.restore(state.cursor());
        sessionStartNanos = System.nanoTime();
        wallBefore = state.wallSeconds();
        try (RunLogWriter log = new RunLogWriter(dir.metrics())) {
            progress.start(state.step(), config.steps(), Duration.ofMillis((long) (wallBefore * 1000)));
            if (state.step() == 0) state = evaluate(state, log);
            while (state.step() < config.steps()) {
                StepOutcome outcome = step(state, log, progress);
                if (outcome.divergence() != null) return new Outcome(Status.DIVERGED, state, outcome.divergence());
                state = outcome.state();
                boolean last = state.step() == config.steps();
                if (state.step() % evalEvery() == 0 || last) state = evaluate(state, log);
                if (keptSteps.contains(state.step())) {
                    new Checkpoints(Checkpoints.branchPoint(dir, state.step())).save(state, params, adam);
                }
                boolean stop = stopRequested.getAsBoolean();
                if (stop || state.step() % checkpointEvery() == 0 || last) checkpoints.save(state, params, adam);
                if (stop && !last) {
                    return new Outcome(Status.INTERRUPTED, state, "interrupted at step " + state.step()
                            + "; run the same command again to resume");
                }
            }
            return new Outcome(Status.COMPLETED, state, null, evaluateWholeSplit(state, log));
        } finally {
            progress.close();
        }
    }

    /**
     * A run's first state: initialisation, or for a branch the stable run's state at the branch point. A stable run
     * keeps only the steps its ladder's budgets named when it trained; a budget added later branches at a step it
     * did not keep. Such a branch starts from the latest step the stable run kept before its own (else from the
     * initialisation, which is the stable run's: same seed, same data) and trains the stable phase up to its branch
     * point itself. Its learning rates up to there are the stable run's (the same warmup, then the peak), so it
     * reaches the state the stable run had there, at the cost of those extra steps.
     */
    private TrainState startState() {
        if (stableRun == null) return TrainState.initial(config.seed(), sampler.cursor());
        long from = branchStep;
        Optional<TrainState> kept = new Checkpoints(Checkpoints.branchPoint(stableRun, from)).load(params, adam);
        if (kept.isEmpty()) {
            OptionalLong earlier = Checkpoints.latestBranchPointBefore(stableRun, branchStep);
            System.err.println("branch point " + Checkpoints.branchPoint(stableRun, branchStep) + " was not kept (the"
                    + " budget was added after the stable run trained past step " + branchStep + "); starting from "
                    + (earlier.isPresent() ? "its step " + earlier.getAsLong() : "the initialisation")
                    + " and training the stable phase to step " + branchStep + " here");
            if (earlier.isEmpty()) return TrainState.initial(config.seed(), sampler.cursor());
            from = earlier.getAsLong();
            kept = new Checkpoints(Checkpoints.branchPoint(stableRun, from)).load(params, adam);
        }
        Path point = Checkpoints.branchPoint(stableRun, from);
        TrainState state = kept.orElseThrow(() -> new IllegalStateException("branch point " + point
                + " could not be read"));
        if (state.step() != from) {
            throw new IllegalStateException(point + " holds step " + state.step() + ", not the branch point " + from);
        }
        return state;
    }

    /** The state after one step, or why the step diverged (then nothing was updated). */
    private record StepOutcome(TrainState state, String divergence) { }

    /** One optimizer step: batch, loss and gradients, divergence check, clipping and AdamW, a step record. */
    private StepOutcome step(TrainState state, RunLogWriter log, TrainProgress progress) {
        long start = System.nanoTime();
        Batch batch = nextBatch();
        double loss;
        Double distillLoss = null;
        if (teacher == null) {
            loss = engine.lossAndGradients(batch);
        } else {
            SoftTargets soft = new SoftTargets(teacher.logits(batch), config.distill().lambda(),
                    config.distill().temperature());
            SoftTargets.Loss losses = engine.lossAndGradients(batch, soft);
            loss = losses.crossEntropy();
            distillLoss = losses.objective();
        }
        long step = state.step() + 1;
        double initial = step == 1 ? loss : state.initialLoss();
        boolean objectiveFinite = distillLoss == null || Double.isFinite(distillLoss);
        if (!Double.isFinite(loss) || !objectiveFinite || loss > initial + DIVERGENCE_MARGIN) {
            return new StepOutcome(state, String.format(Locale.ROOT, "loss %s at step %d (first step's loss %.4f)",
                    loss, step, initial));
        }
        double gradNorm = adam.globalNorm(engine.gradients());
        double lr = schedule.lr(step);
        adam.step(params, engine.gradients(), gradNorm, lr, step);
        long tokens = state.tokens() + config.tokensPerStep();
        double wall = wallSeconds();
        double tokensPerSecond = config.tokensPerStep() / ((System.nanoTime() - start) / 1e9);
        StepRecord record = new StepRecord(runId, step, tokens, flopsPerToken * tokens, loss, lr, gradNorm,
                wall, tokensPerSecond, distillLoss);
        log.write(record);
        progress.step(record);
        return new StepOutcome(new TrainState(step, tokens, sampler.cursor(), wall, state.seed(), initial,
                state.lastValLoss(), state.bestValLoss()), null);
    }

    /** Training seconds over all sessions: the checkpoint's count plus this session's. */
    private double wallSeconds() {
        return wallBefore + (System.nanoTime() - sessionStartNanos) / 1e9;
    }

    private Batch nextBatch() {
        return Batch.fromRows(sampler.next(), config.train().batchSize(), config.model().seqLen());
    }

    /** A periodic evaluation on the fixed validation subset. */
    private TrainState evaluate(TrainState state, RunLogWriter log) {
        LossTally tally = evaluator.evaluate(valSubset);
        log.write(new EvalRecord(runId, state.step(), state.tokens(), flopsPerToken * state.tokens(), tally.mean(),
                state.wallSeconds(), finiteOrNull(tally.stdError()), tally.tokens(), null, null));
        return state.withEval(tally.mean());
    }

    /** The final evaluation over the whole validation split (up to the cap), with the loss by position. */
    private EvalRecord evaluateWholeSplit(TrainState state, RunLogWriter log) {
        ValidationWindows windows = ValidationWindows.wholeSplit(val, config.model().seqLen(),
                config.train().finalEvalCap());
        LossTally tally = evaluator.evaluate(windows);
        List<Double> byPosition = Arrays.stream(tally.byPosition()).boxed().toList();
        EvalRecord record = new EvalRecord(runId, state.step(), state.tokens(), flopsPerToken * state.tokens(),
                tally.mean(), state.wallSeconds(), finiteOrNull(tally.stdError()), tally.tokens(), true, byPosition);
        log.write(record);
        return record;
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
