package dev.ladder.analysis.report;

import dev.ladder.analysis.fit.Bootstrap;
import dev.ladder.analysis.fit.FlopCount;
import dev.ladder.analysis.fit.ParamCount;
import java.util.Objects;

/**
 * How a report fits the runs; the same choices as {@code ladder fit}.
 *
 * @param includeWarmup keep eval points inside warmup
 * @param bootstrap     bootstrap resamples (0: no intervals or bands)
 * @param bootstrapMethod what a resample resamples: runs, or residuals with the design fixed, or residuals in two
 *                      levels by size and seed (where a law's fit allows it; {@link Bootstrap.Method})
 * @param seed          bootstrap seed
 * @param holdout       largest-compute runs held out for the extrapolation check (0: none); skipped, with the reason
 *                      in the report, when fewer than {@code holdout + }{@link LadderReport#MIN_TRAINING_RUNS} runs
 *                      have a final loss
 * @param level         confidence level of intervals and bands, e.g. 0.95
 */
public record ReportSettings(ParamCount params, FlopCount flops, boolean includeWarmup, int bootstrap,
                             Bootstrap.Method bootstrapMethod, long seed,
                             int holdout, double level) {

    public ReportSettings {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(flops, "flops");
        Objects.requireNonNull(bootstrapMethod, "bootstrapMethod");
        if (bootstrap < 0) throw new IllegalArgumentException("bootstrap must be >= 0, got " + bootstrap);
        if (holdout < 0) throw new IllegalArgumentException("holdout must be >= 0, got " + holdout);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
    }
}
