package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.Lbfgs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kaplan et al. 2020's joint law (eq. 1.5), L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D, fitted to final losses with
 * the same summed Huber loss of log residuals (δ = 1e-3) and L-BFGS from a grid of starts as approach 3.
 */
public final class KaplanJointLaw implements ScalingLaw {

    @Override
    public String name() {
        return "kaplan-ND";
    }

    @Override
    public String formula() {
        return "L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D";
    }


    @Override
    public Estimate fit(FitData data) {
        double[] logScales = {Math.log(1e6), Math.log(1e9), Math.log(1e12), Math.log(1e15)};
        double[] exponents = {0.05, 0.1, 0.3, 0.6};
        return fit(data, MultiStartFit.grid(logScales, logScales, exponents, exponents), List.of());
    }

    /** The small grid bootstrap refits also start from: log N_c, log D_c ∈ {log 1e6, log 1e12}, α's ∈ {0.1, 0.5}. */
    private static final List<double[]> REFIT_GRID = MultiStartFit.grid(new double[] {Math.log(1e6), Math.log(1e12)},
            new double[] {Math.log(1e6), Math.log(1e12)}, new double[] {0.1, 0.5}, new double[] {0.1, 0.5});

    @Override
    public Estimate refit(FitData data, Estimate full) {
        double[] nudged = full.state();
        nudged[2] *= 1.2;
        nudged[3] *= 0.8;
        return fit(data, List.of(full.state(), nudged), REFIT_GRID);
    }

    private Estimate fit(FitData data, List<double[]> starts, List<double[]> screened) {
        ScalingLaw.requireRuns(name(), 4, 4, data.finals().size());
        HuberObjective chinchilla = ChinchillaLaw.objective(data.finals());
        HuberObjective objective = chinchilla.withForm(new KaplanJointForm());
        Lbfgs.Result best = screened.isEmpty()
                ? MultiStartFit.minimize(objective, starts, Lbfgs.Settings.tight(), false)
                : MultiStartFit.refit(objective, starts, screened);
        double[] t = best.point();
        double nc = Math.exp(t[0]);
        double dc = Math.exp(t[1]);
        double alphaN = t[2];
        double alphaD = t[3];
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("alpha_N", alphaN);
        parameters.put("alpha_D", alphaD);
        parameters.put("N_c", nc);
        parameters.put("D_c", dc);
        LossPredictor predictor = (n, d, c) -> Math.pow(Math.pow(nc / n, alphaN / alphaD) + dc / d, alphaD);
        return new Estimate(parameters, Map.of(), best.value(), Optional.of(predictor), t);
    }
}
