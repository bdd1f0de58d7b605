package dev.ladder.trainer.config;

import dev.ladder.data.InvalidInputException;
import java.util.Objects;

/**
 * One training run, fully resolved: what {@link ConfigLoader} builds from a config file plus overrides. A RunConfig
 * that exists is valid; README §Config lists every key with its default.
 *
 * @param description free text saying what the config is for (ignored by the trainer, kept in run.json)
 * @param runId       the run's id; null derives one from the shape and seed, e.g. {@code "tiny-L2-d64-s1"}
 * @param seed        seed of the weights and the batch order (default 1)
 * @param init        where the weights start: a pretrained run for fine-tuning (default: the seeded initialisation)
 * @param distill     the teacher of a distillation run, λ and τ (default: no teacher)
 */
public record RunConfig(String description, String runId, long seed, ModelSection model, DataConfig data,
                        OptimConfig optim, TrainConfig train, InitConfig init, DistillConfig distill) {

    /** Share of the training tokens that all periodic evaluations together read when evalBatches is automatic. */
    public static final double PERIODIC_EVAL_SHARE = 0.1;
    /** Fewest batches an automatic periodic evaluation reads. */
    public static final int MIN_EVAL_BATCHES = 8;
    /** Most sequences an automatic periodic evaluation reads. */
    public static final int MAX_EVAL_SEQUENCES = 2048;

    public RunConfig {
        if (init == null) init = InitConfig.defaults();
        if (distill == null) distill = DistillConfig.defaults();
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(optim, "optim");
        Objects.requireNonNull(train, "train");
        if (runId != null && !runId.matches("[A-Za-z0-9._-]+")) {
            throw InvalidInputException.notAllowed(null, "runId", runId, "letters, digits, '.', '_' and '-'");
        }
        long tokensPerStep = (long) train.batchSize() * model.seqLen();
        if (train.tokens() < tokensPerStep) {
            throw InvalidInputException.outOfRange(null, "train.tokens", train.tokens(),
                    ">= one step = train.batchSize × model.seqLen = " + tokensPerStep);
        }
    }

    public static RunConfig defaults() {
        return new RunConfig(null, null, 1, ModelSection.defaults(), DataConfig.defaults(), OptimConfig.defaults(),
                TrainConfig.defaults(), InitConfig.defaults(), DistillConfig.defaults());
    }

    /** Tokens per optimizer step: {@code batchSize × seqLen}. */
    public long tokensPerStep() {
        return (long) train.batchSize() * model.seqLen();
    }

    /** Optimizer steps in the run: the token budget divided by tokens per step, rounded down. */
    public long steps() {
        return train.tokens() / tokensPerStep();
    }

    /** Steps between evaluations: {@code train.evalEvery}, or about 25 evaluations per run when it is 0. */
    public long evalEverySteps() {
        int every = train.evalEvery();
        return every > 0 ? every : Math.max(1, steps() / 25);
    }

    /**
     * Batches each periodic evaluation reads: {@code train.evalBatches}, or when 0 enough that all periodic
     * evaluations together read about {@link #PERIODIC_EVAL_SHARE} of the training tokens (a forward pass costs
     * about a third of a training step, so about 3% of the training compute), at least {@link #MIN_EVAL_BATCHES}
     * and at most {@link #MAX_EVAL_SEQUENCES} sequences' worth.
     */
    public int evalBatchCount() {
        if (train.evalBatches() > 0) return train.evalBatches();
        double perEval = PERIODIC_EVAL_SHARE * steps() / evalCount();
        long most = Math.max(MIN_EVAL_BATCHES, MAX_EVAL_SEQUENCES / train.batchSize());
        return (int) Math.min(most, Math.max(MIN_EVAL_BATCHES, (long) Math.ceil(perEval)));
    }

    /** Evaluations in the whole run (one every {@link #evalEverySteps()} steps, and one after the last step). */
    public long evalCount() {
        long steps = steps();
        return steps / evalEverySteps() + (steps % evalEverySteps() == 0 ? 0 : 1);
    }

    /** The given runId, or one derived from the config: {@code <prefix>-L<nLayer>-d<dModel>-s<seed>}. */
    public String resolvedRunId(String prefix) {
        return runId != null ? runId : prefix + "-L" + model.nLayer() + "-d" + model.dModel() + "-s" + seed;
    }
}
