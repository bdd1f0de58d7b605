package dev.ladder.trainer.train;

import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.config.OptimConfig.Schedule;

/**
 * The learning rate of each step: linear warmup from 0 to {@code peak}, then the configured decay over the run's own
 * step budget down to {@code min}. COSINE is half a cosine; WSD (warmup-stable-decay) stays at the peak and decays
 * linearly over the last {@code decayFraction} of the steps; CONSTANT stays at the peak.
 *
 * @param warmupSteps steps of linear warmup (0 = none)
 * @param totalSteps  steps in the run; the decay ends here
 */
public record LrSchedule(double peak, double min, long warmupSteps, long totalSteps, Schedule schedule,
                         double decayFraction) {

    public LrSchedule {
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalStateException("bad schedule: warmupSteps " + warmupSteps + ", totalSteps " + totalSteps);
        }
    }

    /** The schedule of a run of {@code totalSteps} steps of {@code tokensPerStep} tokens. */
    public static LrSchedule of(OptimConfig optim, long totalSteps, long tokensPerStep) {
        long warmupTokens = optim.warmupTokens(totalSteps * tokensPerStep);
        long warmupSteps = Math.min(totalSteps, (warmupTokens + tokensPerStep - 1) / tokensPerStep);
        return new LrSchedule(optim.lr(), optim.lr() * optim.minLrFraction(), warmupSteps, totalSteps,
                optim.schedule(), optim.decayFraction());
    }

    /** The learning rate of update number {@code step} (1-based: step 1 is the first update). */
    public double lr(long step) {
        if (step <= warmupSteps) {
            return peak * step / warmupSteps;
        }
        return switch (schedule) {
            case CONSTANT -> peak;
            case COSINE -> {
                double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
                yield min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
            }
            case WSD -> {
                long decayStart = decayStart();
                if (step <= decayStart) yield peak;
                double progress = (double) (step - decayStart) / Math.max(1, totalSteps - decayStart);
                yield peak - (peak - min) * Math.min(1, progress);
            }
        };
    }

    /**
     * WSD: the last step at the peak learning rate; the linear decay runs over the steps after it. A WSD branch
     * starts from its stable run's state at this step.
     */
    public long decayStart() {
        long decaySteps = Math.max(1, Math.round(decayFraction * totalSteps));
        return Math.max(warmupSteps, totalSteps - decaySteps);
    }
}
