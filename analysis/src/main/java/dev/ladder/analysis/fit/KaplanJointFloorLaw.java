package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.Lbfgs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kaplan et al. 2020's joint law (eq. 1.5) plus an irreducible loss E, L(N, D) = E + [(N_c/N)^(α_N/α_D) + D_c/D]^α_D,
 * fitted like {@link KaplanJointLaw}. Eq. 1.5 has no floor, so it cannot follow losses that level off near one, as the
 * classroom ladders' do near the corpus's context floor; with E it can. Unlike E + A/N^α + B/D^β, its D-term depends
 * on N: a small model gains more from more tokens late, a large one early, the N-D interaction the classroom ladders
 * show (README, the demo). The E added to eq. 1.5 is this project's, for comparison, not a law from the paper.
 */
public final class KaplanJointFloorLaw implements ScalingLaw {

    /** The full fit's starts: log N_c, log D_c over 1e3..1e12, α's ∈ {0.1, 0.5, 1.5}, E ∈ {0.3, 0.6, 1.2}. */
    private static final List<double[]> GRID = MultiStartFit.grid(
            new double[] {Math.log(1e3), Math.log(1e6), Math.log(1e9), Math.log(1e12)},
            new double[] {Math.log(1e3), Math.log(1e6), Math.log(1e9), Math.log(1e12)},
            new double[] {0.1, 0.5, 1.5}, new double[] {0.1, 0.5, 1.5},
            new double[] {Math.log(0.3), Math.log(0.6), Math.log(1.2)});

    /** The small grid bootstrap refits also start from. */
    private static final List<double[]> REFIT_GRID = MultiStartFit.grid(new double[] {Math.log(1e4), Math.log(1e9)},
            new double[] {Math.log(1e4), Math.log(1e9)}, new double[] {0.3, 1.0}, new double[] {0.3, 1.0},
            new double[] {Math.log(0.5)});

    @Override
    public String name() {
        return "kaplan-ND-E";
    }

    @Override
    public String formula() {
        return "L(N, D) = E + [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D";
    }

    @Override
    public Estimate fit(FitData data) {
        return fit(data, GRID, List.of());
    }

    @Override
    public Estimate refit(FitData data, Estimate full) {
        double[] nudged = full.state();
        nudged[2] *= 1.2;
        nudged[3] *= 0.8;
        return fit(data, List.of(full.state(), nudged), REFIT_GRID);
    }

    private Estimate fit(FitData data, List<double[]> starts, List<double[]> screened) {
        ScalingLaw.requireRuns(name(), 5, 4, data.finals().size());
        HuberObjective objective = ChinchillaLaw.objective(data.finals()).withForm(new KaplanJointFloorForm());
        Lbfgs.Result best = screened.isEmpty()
                ? MultiStartFit.minimize(objective, starts, MultiStartFit.Screen.standard(), true)
                : MultiStartFit.refit(objective, starts, screened);
        double[] t = best.point();
        double nc = Math.exp(t[0]);
        double dc = Math.exp(t[1]);
        double alphaN = t[2];
        double alphaD = t[3];
        double e = Math.exp(t[4]);
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("E", e);
        parameters.put("alpha_N", alphaN);
        parameters.put("alpha_D", alphaD);
        parameters.put("N_c", nc);
        parameters.put("D_c", dc);
        LossPredictor predictor = (n, d, c) -> e + Math.pow(Math.pow(nc / n, alphaN / alphaD) + dc / d, alphaD);
        return new Estimate(parameters, Map.of(), best.value(), Optional.of(predictor), t);
    }
}
