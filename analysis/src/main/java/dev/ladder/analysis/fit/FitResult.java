package dev.ladder.analysis.fit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one law's fit reports, as written to fit.json: parameters with bootstrap intervals, derived
 * quantities, the conventions, which runs were used or excluded and why, the seed and the inputs. Plots and reports
 * read this back.
 *
 * @param intervals         name → [lo, hi] percentile interval at {@code level}, for parameters, derived
 *                          quantities and newRunLoss@C prediction intervals; empty without bootstrap
 * @param bootstrap         number of bootstrap resamples asked for (0: none)
 * @param bootstrapMethod   what the resamples resampled, {@link Bootstrap.Method}: {@code runs}, {@code residuals}
 *                          or {@code seeds} (the last two only where asked for and the fit allows it); null without
 *                          bootstrap, and
 *                          {@code runs} when a fit.json written before this field is read back
 * @param bootstrapFailures resamples on which the law refused to fit
 * @param holdout           the extrapolation check; null when not asked for or the law predicts no losses
 * @param bootstrapFailureReasons why resamples were refused: the refusal (numbers as "#") → count, most first;
 *                          null when none was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FitResult(String law, String formula, Map<String, Double> parameters,
                        Map<String, double[]> intervals, Map<String, Double> derived, double objective,
                        Conventions conventions, List<String> runsUsed, List<Exclusion> runsExcluded, long seed,
                        int bootstrap, Bootstrap.Method bootstrapMethod, int bootstrapFailures, double level,
                        List<String> inputs, Holdout holdout, Map<String, Integer> bootstrapFailureReasons) {

    public FitResult {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        intervals = Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
        derived = Collections.unmodifiableMap(new LinkedHashMap<>(derived));
        runsUsed = List.copyOf(runsUsed);
        runsExcluded = List.copyOf(runsExcluded);
        inputs = List.copyOf(inputs);
        if (bootstrap == 0) bootstrapMethod = null;
        else if (bootstrapMethod == null) bootstrapMethod = Bootstrap.Method.runs;
        bootstrapFailureReasons = bootstrapFailureReasons == null || bootstrapFailureReasons.isEmpty() ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(bootstrapFailureReasons));
    }
}
