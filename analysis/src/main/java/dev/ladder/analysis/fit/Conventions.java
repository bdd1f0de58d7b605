package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bookkeeping choices that change fitted exponents, recorded with every fit (DESIGN.md).
 *
 * @param params             what N counts: "total", "nonEmbedding", or the CSV column it came from
 * @param flops              what C counts in the fit: "kaplan", "exact", or the CSV column / "6ND"
 * @param flopsPerParamToken k in C = k·N·D used by the closed-form allocation (median over runs)
 * @param warmupExcluded     whether eval points with tokens &lt; warmupTokens were dropped
 * @param huberDelta         δ of the Huber loss on log residuals
 * @param plannedFlops       the convention the ladder's budgets were planned in ("kaplan6N", the planner's), when
 *                           every run records its planned budget; null otherwise
 * @param budgetGrouping     how IsoFLOP profiles are grouped: "plannedFlops" (each run's planned budget) or
 *                           "flops within 1.25x" (C under the fit's convention, for runs without a planned budget)
 * @param flopsPerToken      each model size's own FLOPs per token under the fit's convention; approach 2 reads D_opt
 *                           from them rather than from the median k
 */
public record Conventions(String params, String flops, double flopsPerParamToken, boolean warmupExcluded,
                          double huberDelta, String plannedFlops, String budgetGrouping,
                          List<ShapeFlops> flopsPerToken) {

    /** The convention the planner counts budgets in (trainer's FlopsCount.kaplan6N). */
    public static final String PLANNER_CONVENTION = "kaplan6N";

    public Conventions {
        flopsPerToken = flopsPerToken == null ? List.of() : List.copyOf(flopsPerToken);
    }

    /**
     * One model size's FLOPs per training token under the fit's convention.
     *
     * @param params             N under the fit's parameter convention
     * @param flopsPerToken      C / D of its runs
     * @param flopsPerParamToken C / (N·D): its own k, against the median k of the closed-form allocation
     */
    public record ShapeFlops(double params, double flopsPerToken, double flopsPerParamToken) { }

    /** The conventions of a fit of {@code data}, with the budget grouping and per-size FLOPs read from it. */
    public static Conventions of(String params, String flops, boolean warmupExcluded, FitData data) {
        boolean planned = IsoFlopLaw.plannedBudgets(data.finals());
        Map<Double, Double> perToken = new TreeMap<>();
        for (Observation o : data.finals()) perToken.putIfAbsent(o.params(), o.flops() / o.tokens());
        List<ShapeFlops> shapes = new ArrayList<>();
        perToken.forEach((n, f) -> shapes.add(new ShapeFlops(n, f, f / n)));
        return new Conventions(params, flops, data.flopsPerParamToken(), warmupExcluded,
                HuberObjective.CHINCHILLA_DELTA, planned ? PLANNER_CONVENTION : null,
                planned ? "plannedFlops" : "flops within " + IsoFlopLaw.BUDGET_RATIO + "x", shapes);
    }
}
