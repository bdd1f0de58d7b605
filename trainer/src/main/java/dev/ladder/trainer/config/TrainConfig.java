package dev.ladder.trainer.config;

import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.model.Engine;
import java.util.List;

/**
 * The {@code train} section: budget, batch, evaluation, checkpoints and where it runs.
 *
 * @param tokens          the run's token budget; the schedule decays over it (default 2,000,000)
 * @param batchSize       sequences per step (default 32)
 * @param evalEvery       steps between evaluations; 0 = automatic, about 25 evals per run (default 0)
 * @param evalBatches     batches of the fixed validation subset each periodic evaluation reads; 0 = automatic
 *                        ({@link RunConfig#evalBatchCount()}) (default 0)
 * @param checkpointEvery steps between checkpoints; 0 = automatic, about 10 per run (default 0)
 * @param threads         CPU threads for ND4J; 0 = all available cores (default 0)
 * @param device          CPU or CUDA (CUDA needs the {@code cuda} build profile) (default CPU)
 * @param engine          FAST (hand-written forward and backward) or SAMEDIFF (the reference graph); both compute the
 *                        same model and read each other's checkpoints (default FAST; a missing value means FAST)
 * @param finalEvalTokens most validation tokens the final evaluation reads: the whole split when it is shorter;
 *                        0 = {@link #DEFAULT_FINAL_EVAL_TOKENS} (default 0)
 */
public record TrainConfig(long tokens, int batchSize, int evalEvery, int evalBatches, int checkpointEvery,
                          int threads, Device device, Engine.Kind engine, long finalEvalTokens) {

    /** The final evaluation's cap when {@code finalEvalTokens} is 0: 2^18 = 262,144 tokens. */
    public static final long DEFAULT_FINAL_EVAL_TOKENS = 1L << 18;

    /** Where the model runs. */
    public enum Device { CPU, CUDA }

    public TrainConfig {
        if (tokens < 1) throw InvalidInputException.outOfRange(null, "train.tokens", tokens, ">= 1");
        if (batchSize < 1) throw InvalidInputException.outOfRange(null, "train.batchSize", batchSize, ">= 1");
        if (evalEvery < 0) {
            throw InvalidInputException.outOfRange(null, "train.evalEvery", evalEvery, ">= 0 (0 = auto)");
        }
        if (evalBatches < 0) {
            throw InvalidInputException.outOfRange(null, "train.evalBatches", evalBatches, ">= 0 (0 = auto)");
        }
        if (finalEvalTokens < 0) {
            throw InvalidInputException.outOfRange(null, "train.finalEvalTokens", finalEvalTokens,
                    ">= 0 (0 = " + DEFAULT_FINAL_EVAL_TOKENS + ")");
        }
        if (checkpointEvery < 0) {
            throw InvalidInputException.outOfRange(null, "train.checkpointEvery", checkpointEvery, ">= 0 (0 = auto)");
        }
        if (threads < 0) {
            throw InvalidInputException.outOfRange(null, "train.threads", threads, ">= 0 (0 = all cores)");
        }
        if (device == null) {
            throw InvalidInputException.notAllowed(null, "train.device", null, List.of(Device.values()));
        }
        if (engine == null) engine = Engine.Kind.FAST;
    }

    public static TrainConfig defaults() {
        return new TrainConfig(2_000_000, 32, 0, 0, 0, 0, Device.CPU, Engine.Kind.FAST, 0);
    }

    /** The final evaluation's cap in tokens: {@code finalEvalTokens}, or its default when 0. */
    public long finalEvalCap() {
        return finalEvalTokens > 0 ? finalEvalTokens : DEFAULT_FINAL_EVAL_TOKENS;
    }
}
