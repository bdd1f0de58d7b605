package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.Lbfgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chinchilla approach 3 (Hoffmann et al. 2022, section 3.3): L(N, D) = E + A/N^α + B/D^β, fitted to final losses
 * as log L = LSE(a - α log N, b - β log D, e) by minimising the summed Huber loss (δ = 1e-3) of the log residuals
 * with L-BFGS from every point of a grid of starts ({@link MultiStartFit.Screen}), keeping the best. The default
 * grid is the one Besiroglu et al. 2024 (Epoch AI) used: a, b ∈ {0, 5, ..., 25}, e ∈ {-1, -0.5, ..., 1},
 * α, β ∈ {0, 0.5, ..., 2} (4500 starts).
 * Derived: the compute-optimal allocation at each budget ({@link ComputeOptimal}) and the loss there.
 */
public final class ChinchillaLaw implements ScalingLaw {

    /** Small moves of θ = [a, b, e, α, β] around the full-data optimum, used as extra starts of bootstrap refits. */
    private static final double[][] NUDGES = {
        {0.5, 0.5, 0.1, 0.05, 0.05}, {-0.5, -0.5, -0.1, -0.05, -0.05}, {0.5, -0.5, -0.1, 0.05, -0.05},
        {-0.5, 0.5, 0.1, -0.05, 0.05},
    };

    private static final List<double[]> REFIT_GRID = refitGrid();

    private final Budgets budgets;
    private final List<double[]> starts;
    private final String name;
    private final MultiStartFit.Screen screen;

    public ChinchillaLaw(Budgets budgets) {
        this("chinchilla", budgets, epochGrid(), MultiStartFit.Screen.standard());
    }

    /**
     * @param name   the law's name in reports (the data-constrained law reuses this fit)
     * @param starts starting points θ = [a, b, e, α, β]
     * @param screen how the starts are searched (screened, or each run to convergence)
     */
    public ChinchillaLaw(String name, Budgets budgets, List<double[]> starts, MultiStartFit.Screen screen) {
        this.name = name;
        this.budgets = budgets;
        this.starts = List.copyOf(starts);
        this.screen = screen;
    }

    /**
     * The small grid every bootstrap refit also starts from, beside the full-data optimum: a, b ∈ {0, 10, 20},
     * e ∈ {-1, 0.5}, α, β ∈ {0.25, 1} (72 starts, 10 screening iterations each; see {@link MultiStartFit#refit}).
     */
    public static List<double[]> refitGrid() {
        double[] ab = {0, 10, 20};
        double[] exponents = {0.25, 1};
        return MultiStartFit.grid(ab, ab, new double[] {-1, 0.5}, exponents, exponents);
    }

    /** Epoch AI's grid of 6·6·5·5·5 = 4500 starts over θ = [a, b, e, α, β]. */
    public static List<double[]> epochGrid() {
        double[] ab = {0, 5, 10, 15, 20, 25};
        return MultiStartFit.grid(ab, ab, new double[] {-1, -0.5, 0, 0.5, 1}, new double[] {0, 0.5, 1, 1.5, 2},
                new double[] {0, 0.5, 1, 1.5, 2});
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String formula() {
        return "L(N, D) = E + A/N^alpha + B/D^beta";
    }


    @Override
    public Estimate fit(FitData data) {
        ScalingLaw.requireRuns(name, 5, 5, data.finals().size());
        HuberObjective objective = objective(data.finals());
        return estimate(MultiStartFit.minimize(objective, starts, screen, true), data);
    }

    @Override
    public Estimate refit(FitData data, Estimate full) {
        ScalingLaw.requireRuns(name, 5, 5, data.finals().size());
        List<double[]> near = new ArrayList<>();
        near.add(full.state());
        for (double[] nudge : NUDGES) {
            double[] start = full.state();
            for (int i = 0; i < start.length; i++) start[i] += nudge[i];
            near.add(start);
        }
        return estimate(MultiStartFit.refit(objective(data.finals()), near, REFIT_GRID), data);
    }

    /** The Huber objective over final losses, x1 = log N, x2 = log D; repeated points merged into weights. */
    public static HuberObjective objective(List<Observation> finals) {
        return HuberObjective.overFinals(new ChinchillaForm(), finals, HuberObjective.CHINCHILLA_DELTA);
    }

    private Estimate estimate(Lbfgs.Result best, FitData data) {
        double[] t = best.point();
        double a = Math.exp(t[0]);
        double b = Math.exp(t[1]);
        double e = Math.exp(t[2]);
        double alpha = t[3];
        double beta = t[4];
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("E", e);
        parameters.put("A", a);
        parameters.put("B", b);
        parameters.put("alpha", alpha);
        parameters.put("beta", beta);
        LossPredictor predictor = (n, d, c) -> e + a / Math.pow(n, alpha) + b / Math.pow(d, beta);
        Map<String, Double> derived = new LinkedHashMap<>();
        new ComputeOptimal(a, b, alpha, beta, data.flopsPerParamToken()).putDerived(derived, budgets, predictor);
        return new Estimate(parameters, derived, best.value(), Optional.of(predictor), t);
    }
}
