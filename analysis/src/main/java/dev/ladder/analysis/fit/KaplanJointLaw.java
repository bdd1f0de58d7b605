package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.Lbfgs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kaplan et al. 2020's joint law (eq. 1.5), L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D, fitted to final losses with
 * the same summed Huber loss of log residuals (δ = 1e-3) and L-BFGS from a grid of starts as approach 3; optionally
 * with an irreducible loss added, L = E + [...]^α_D ({@code kaplan-ND-E}). Eq. 1.5 has no floor, so it cannot follow
 * losses that level off near one, as the classroom ladders' do near the corpus's context floor; with E it can. Unlike
 * E + A/N^α + B/D^β, its D-term depends on N. The E is this project's addition, for comparison, not the paper's.
 */
public final class KaplanJointLaw implements ScalingLaw {

    private static final double[] LOG_SCALES = {Math.log(1e6), Math.log(1e9), Math.log(1e12), Math.log(1e15)};
    private static final double[] EXPONENTS = {0.05, 0.1, 0.3, 0.6};

    /** The small grid bootstrap refits also start from: log N_c, log D_c ∈ {log 1e6, log 1e12}, α's ∈ {0.1, 0.5}. */
    private static final List<double[]> REFIT_GRID = MultiStartFit.grid(new double[] {Math.log(1e6), Math.log(1e12)},
            new double[] {Math.log(1e6), Math.log(1e12)}, new double[] {0.1, 0.5}, new double[] {0.1, 0.5});

    /**
     * With E: log N_c, log D_c over 1e3..1e12, α's ∈ {0.1, 0.5, 1.5} (classroom fits land above 1), E ∈ {0.3, 0.6,
     * 1.2}, screened as approach 3's grid is.
     */
    private static final List<double[]> FLOOR_GRID = MultiStartFit.grid(
            new double[] {Math.log(1e3), Math.log(1e6), Math.log(1e9), Math.log(1e12)},
            new double[] {Math.log(1e3), Math.log(1e6), Math.log(1e9), Math.log(1e12)},
            new double[] {0.1, 0.5, 1.5}, new double[] {0.1, 0.5, 1.5},
            new double[] {Math.log(0.3), Math.log(0.6), Math.log(1.2)});

    private static final List<double[]> FLOOR_REFIT_GRID = MultiStartFit.grid(
            new double[] {Math.log(1e4), Math.log(1e9)}, new double[] {Math.log(1e4), Math.log(1e9)},
            new double[] {0.3, 1.0}, new double[] {0.3, 1.0}, new double[] {Math.log(0.5)});

    private final boolean floor;

    /** Eq. 1.5 as published. */
    public KaplanJointLaw() {
        this(false);
    }

    /** @param floor add an irreducible loss E to eq. 1.5 ({@code kaplan-ND-E}) */
    public KaplanJointLaw(boolean floor) {
        this.floor = floor;
    }

    @Override
    public String name() {
        return floor ? "kaplan-ND-E" : "kaplan-ND";
    }

    @Override
    public String formula() {
        return floor ? "L(N, D) = E + [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D"
                : "L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D";
    }

    @Override
    public Estimate fit(FitData data) {
        return floor ? fit(data, FLOOR_GRID, List.of())
                : fit(data, MultiStartFit.grid(LOG_SCALES, LOG_SCALES, EXPONENTS, EXPONENTS), List.of());
    }

    @Override
    public Estimate refit(FitData data, Estimate full) {
        double[] nudged = full.state();
        nudged[2] *= 1.2;
        nudged[3] *= 0.8;
        return fit(data, List.of(full.state(), nudged), floor ? FLOOR_REFIT_GRID : REFIT_GRID);
    }

    private Estimate fit(FitData data, List<double[]> starts, List<double[]> screened) {
        int k = floor ? 5 : 4;
        ScalingLaw.requireRuns(name(), k, k, data.finals().size());
        HuberObjective objective = ChinchillaLaw.objective(data.finals())
                .withForm(floor ? new KaplanJointFloorForm() : new KaplanJointForm());
        Lbfgs.Result best;
        if (!screened.isEmpty()) best = MultiStartFit.refit(objective, starts, screened);
        else if (floor) best = MultiStartFit.minimize(objective, starts, MultiStartFit.Screen.standard(), true);
        else best = MultiStartFit.minimize(objective, starts, Lbfgs.Settings.tight(), false);
        double[] t = best.point();
        double nc = Math.exp(t[0]);
        double dc = Math.exp(t[1]);
        double alphaN = t[2];
        double alphaD = t[3];
        double e = floor ? Math.exp(t[4]) : 0;
        Map<String, Double> parameters = new LinkedHashMap<>();
        if (floor) parameters.put("E", e);
        parameters.put("alpha_N", alphaN);
        parameters.put("alpha_D", alphaD);
        parameters.put("N_c", nc);
        parameters.put("D_c", dc);
        LossPredictor predictor = (n, d, c) -> e + Math.pow(Math.pow(nc / n, alphaN / alphaD) + dc / d, alphaD);
        return new Estimate(parameters, Map.of(), best.value(), Optional.of(predictor), t);
    }
}
