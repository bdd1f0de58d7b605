package dev.ladder.trainer.config;

import dev.ladder.data.InvalidInputException;
import java.util.List;

/**
 * The {@code optim} section: AdamW with decoupled weight decay, clipping and the learning-rate schedule.
 *
 * @param lr            peak learning rate (default 1e-3)
 * @param minLrFraction the schedule ends at {@code lr × minLrFraction}, in [0, 1] (default 0.1, as Chinchilla)
 * @param schedule      decay after warmup: CONSTANT, COSINE or WSD (default COSINE)
 * @param warmup        warmup length: a fraction of the token budget when below 1 (e.g. 0.05), else a whole number of
 *                      tokens (e.g. 20000); 0 means none (default 0.05)
 * @param decayFraction WSD only: share of the budget spent in the final linear decay, in (0, 1] (default 0.2)
 * @param beta1         Adam's first-moment decay (default 0.9)
 * @param beta2         Adam's second-moment decay (default 0.95)
 * @param eps           Adam's epsilon (default 1e-8)
 * @param weightDecay   decoupled weight decay on the block matrices and an untied head; none on embeddings,
 *                      biases or LayerNorm gains (default 0.1)
 * @param gradClip      clip the gradient's global L2 norm to this; 0 disables (default 1.0)
 */
public record OptimConfig(double lr, double minLrFraction, Schedule schedule, double warmup, double decayFraction,
                          double beta1, double beta2, double eps, double weightDecay, double gradClip) {

    /** The learning-rate decay after warmup. */
    public enum Schedule { CONSTANT, COSINE, WSD }

    public OptimConfig {
        if (!(lr > 0 && lr < 10)) throw InvalidInputException.outOfRange(null, "optim.lr", lr, "(0, 10)");
        inUnit("optim.minLrFraction", minLrFraction, "[0, 1]", minLrFraction >= 0 && minLrFraction <= 1);
        if (schedule == null) {
            throw InvalidInputException.notAllowed(null, "optim.schedule", null, List.of(Schedule.values()));
        }
        if (!(warmup >= 0) || warmup >= 1 && warmup != Math.rint(warmup)) {
            throw InvalidInputException.outOfRange(null, "optim.warmup", warmup,
                    "a fraction in [0, 1) or a whole number of tokens >= 1");
        }
        inUnit("optim.decayFraction", decayFraction, "(0, 1]", decayFraction > 0 && decayFraction <= 1);
        inUnit("optim.beta1", beta1, "[0, 1)", beta1 >= 0 && beta1 < 1);
        inUnit("optim.beta2", beta2, "[0, 1)", beta2 >= 0 && beta2 < 1);
        if (!(eps > 0)) throw InvalidInputException.outOfRange(null, "optim.eps", eps, "> 0");
        if (!(weightDecay >= 0)) {
            throw InvalidInputException.outOfRange(null, "optim.weightDecay", weightDecay, ">= 0");
        }
        if (!(gradClip >= 0)) {
            throw InvalidInputException.outOfRange(null, "optim.gradClip", gradClip, ">= 0 (0 = off)");
        }
    }

    public static OptimConfig defaults() {
        return new OptimConfig(1e-3, 0.1, Schedule.COSINE, 0.05, 0.2, 0.9, 0.95, 1e-8, 0.1, 1.0);
    }

    /** Warmup in tokens for a run of {@code plannedTokens}. */
    public long warmupTokens(long plannedTokens) {
        return warmup < 1 ? Math.round(warmup * plannedTokens) : Math.min((long) warmup, plannedTokens);
    }

    private static void inUnit(String field, double value, String range, boolean ok) {
        if (!ok) throw InvalidInputException.outOfRange(null, field, value, range);
    }
}
