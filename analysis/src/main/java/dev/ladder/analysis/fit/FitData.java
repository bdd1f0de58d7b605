package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the laws fit: one final loss per usable run, the training-curve points of all usable runs (for the
 * envelope), and the bookkeeping that goes into fit.json.
 *
 * @param finals             one observation per run: its final validation loss
 * @param curves             every eval point after warmup of every usable run (approach 1 and Kaplan's L(C_min))
 * @param excluded           runs left out, with the reason
 * @param flopsPerParamToken k in C = k·N·D for the closed-form allocation (6 for Kaplan's 6ND)
 * @param inputs             files or directories the data came from
 */
public record FitData(List<Observation> finals, List<Observation> curves, List<Exclusion> excluded,
                      double flopsPerParamToken, List<String> inputs) {

    public FitData {
        finals = List.copyOf(finals);
        curves = List.copyOf(curves);
        excluded = List.copyOf(excluded);
        inputs = List.copyOf(inputs);
    }

    /** The ids of the runs with a final loss, in order. */
    public List<String> runIds() {
        return finals.stream().map(Observation::runId).toList();
    }

    /** The same bookkeeping with other observations (a bootstrap resample or a holdout split). */
    public FitData with(List<Observation> newFinals, List<Observation> newCurves) {
        return new FitData(newFinals, newCurves, excluded, flopsPerParamToken, inputs);
    }

    /** Curve points grouped by run id, in first-seen order. */
    public Map<String, List<Observation>> curvesByRun() {
        Map<String, List<Observation>> byRun = new LinkedHashMap<>();
        for (Observation o : curves) byRun.computeIfAbsent(o.runId(), id -> new ArrayList<>()).add(o);
        return byRun;
    }
}
