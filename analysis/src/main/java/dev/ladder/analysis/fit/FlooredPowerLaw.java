package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.Lbfgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A power law with a floor, L(X) = E + A/X^α, for X = N or D (final losses) or C (lower envelope of the curves):
 * the irreducible loss E is fitted, not assumed zero. Fitted like approach 3: summed Huber (δ = 1e-3) of log
 * residuals of log L = LSE(a - α log X, e), L-BFGS from a grid a ∈ {0, 5, ..., 25}, e ∈ {-1, -0.5, ..., 1},
 * α ∈ {0, 0.5, ..., 2}.
 */
public final class FlooredPowerLaw implements ScalingLaw {

    private final LawInput input;

    public FlooredPowerLaw(LawInput input) {
        this.input = input;
    }

    @Override
    public String name() {
        return "floor-" + input.symbol();
    }

    @Override
    public String formula() {
        return "L(" + input.symbol() + ") = E + A/" + input.symbol() + "^alpha";
    }


    @Override
    public boolean fitsFinalLosses() {
        return input != LawInput.COMPUTE;
    }

    @Override
    public Estimate fit(FitData data) {
        HuberObjective objective = objective(data);
        List<double[]> starts = MultiStartFit.grid(new double[] {0, 5, 10, 15, 20, 25},
                new double[] {-1, -0.5, 0, 0.5, 1}, new double[] {0, 0.5, 1, 1.5, 2});
        return estimate(MultiStartFit.minimize(objective, starts, Lbfgs.Settings.tight(), false));
    }

    /** The small grid bootstrap refits also start from: a ∈ {0, 10, 20}, e ∈ {-1, 0.5}, α ∈ {0.25, 1}. */
    private static final List<double[]> REFIT_GRID = MultiStartFit.grid(new double[] {0, 10, 20},
            new double[] {-1, 0.5}, new double[] {0.25, 1});

    @Override
    public Estimate refit(FitData data, Estimate full) {
        HuberObjective objective = objective(data);
        List<double[]> starts = new ArrayList<>();
        starts.add(full.state());
        double[] nudged = full.state();
        nudged[0] += 0.5;
        nudged[2] += 0.05;
        starts.add(nudged);
        return estimate(MultiStartFit.refit(objective, starts, REFIT_GRID));
    }

    private HuberObjective objective(FitData data) {
        ScalingLaw.requireRuns(name(), 3, 3, input.runs(data));
        double[][] points = input.points(data);
        if (points.length < 3) throw new FitRefusedException(name() + ": " + input.shortfall(points.length, 3));
        int n = points.length;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.log(points[i][0]);
            y[i] = Math.log(points[i][1]);
        }
        return HuberObjective.merged(new FlooredPowerForm(), x, new double[n], y, HuberObjective.CHINCHILLA_DELTA);
    }

    private Estimate estimate(Lbfgs.Result best) {
        double[] t = best.point();
        double a = Math.exp(t[0]);
        double e = Math.exp(t[1]);
        double alpha = t[2];
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("E", e);
        parameters.put("A", a);
        parameters.put("alpha", alpha);
        LossPredictor predictor = (n, d, c) -> e + a / Math.pow(input.x(n, d, c), alpha);
        return new Estimate(parameters, Map.of(), best.value(), Optional.of(predictor), t);
    }
}
