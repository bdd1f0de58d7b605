package dev.ladder.analysis.fit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One fit of one law to one data set: its parameters, the quantities derived from them (exponents of the
 * compute-optimal allocation, N_opt and D_opt at given budgets), the objective reached and, for laws that predict
 * a run's loss, the predictor.
 *
 * @param state the optimiser's point (log-space θ), reused to warm-start bootstrap refits; empty for closed forms
 */
public record Estimate(Map<String, Double> parameters, Map<String, Double> derived, double objective,
                       Optional<LossPredictor> predictor, double[] state) {

    public Estimate {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        derived = Collections.unmodifiableMap(new LinkedHashMap<>(derived));
        Objects.requireNonNull(predictor, "predictor");
        state = state.clone();
    }

    /** A copy of the optimiser's point, so callers may perturb it freely. */
    @Override
    public double[] state() {
        return state.clone();
    }

    /** A parameter or derived quantity by name; NaN when this estimate has no such quantity. */
    public double value(String name) {
        Double v = parameters.containsKey(name) ? parameters.get(name) : derived.get(name);
        return v == null ? Double.NaN : v;
    }
}
