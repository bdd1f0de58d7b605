package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.Lbfgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The supervised law of Busbridge et al. 2025 (Eq. 1), L(N, D) = E + (A/N^α + B/D^β)^γ, fitted to final losses as
 * their appendix F does: summed Huber loss (δ = 1e-4) of log residuals of log L = LSE(e, γ·LSE(a - α log N,
 * b - β log D)), L-BFGS from their grid a, b ∈ {0, 5, ..., 20}, e ∈ {-1, -0.5, ..., 1.5}, α, β, γ ∈ {0, 0.5, 1, 1.5}
 * (9600 starts, screened as {@link MultiStartFit.Screen#standard()}). N should count non-embedding parameters
 * ({@code --params nonEmbedding}), as theirs does. The compute-optimal allocation is approach 3's: raising the
 * reducible term to γ does not move the minimum of A/N^α + B/D^β on C = kND.
 */
public final class SupervisedLaw implements ScalingLaw {

    /** Busbridge et al. 2025's Huber threshold on log-loss residuals (appendix F). */
    public static final double DELTA = 1e-4;

    private static final double[][] NUDGES = {
        {0.5, 0.5, 0.1, 0.05, 0.05, 0.05}, {-0.5, -0.5, -0.1, -0.05, -0.05, -0.05},
        {0.5, -0.5, -0.1, 0.05, -0.05, 0.05}, {-0.5, 0.5, 0.1, -0.05, 0.05, -0.05},
    };

    private final Budgets budgets;

    public SupervisedLaw(Budgets budgets) {
        this.budgets = budgets;
    }

    @Override
    public String name() {
        return "supervised";
    }

    @Override
    public String formula() {
        return "L(N, D) = E + (A/N^alpha + B/D^beta)^gamma";
    }

    /** Busbridge et al.'s grid of 5·5·6·4·4·4 = 9600 starts over θ = [a, b, e, α, β, γ]. */
    public static List<double[]> grid() {
        double[] ab = {0, 5, 10, 15, 20};
        double[] exps = {0, 0.5, 1, 1.5};
        return MultiStartFit.grid(ab, ab, new double[] {-1, -0.5, 0, 0.5, 1, 1.5}, exps, exps, exps);
    }

    @Override
    public Estimate fit(FitData data) {
        ScalingLaw.requireRuns(name(), 6, 6, data.finals().size());
        return estimate(MultiStartFit.minimize(objective(data.finals()), grid(), MultiStartFit.Screen.standard(),
                true), data);
    }

    @Override
    public Estimate refit(FitData data, Estimate full) {
        ScalingLaw.requireRuns(name(), 6, 6, data.finals().size());
        List<double[]> near = new ArrayList<>();
        near.add(full.state());
        for (double[] nudge : NUDGES) {
            double[] start = full.state();
            for (int i = 0; i < start.length; i++) start[i] += nudge[i];
            near.add(start);
        }
        return estimate(MultiStartFit.minimize(objective(data.finals()), near, Lbfgs.Settings.tight(), false), data);
    }

    static HuberObjective objective(List<Observation> finals) {
        return HuberObjective.overFinals(new SupervisedForm(), finals, DELTA);
    }

    private Estimate estimate(Lbfgs.Result best, FitData data) {
        double[] t = best.point();
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("E", Math.exp(t[2]));
        parameters.put("A", Math.exp(t[0]));
        parameters.put("B", Math.exp(t[1]));
        parameters.put("alpha", t[3]);
        parameters.put("beta", t[4]);
        parameters.put("gamma", t[5]);
        Map<String, Double> derived = new LinkedHashMap<>();
        Optional<LossPredictor> predictor = Optional.empty();
        if (t[3] > 0 && t[4] > 0 && t[5] > 0) {
            SupervisedParams law = SupervisedParams.of(parameters);
            LossPredictor p = (n, d, c) -> law.loss(n, d);
            predictor = Optional.of(p);
            new ComputeOptimal(law.a(), law.b(), law.alpha(), law.beta(), data.flopsPerParamToken())
                    .putDerived(derived, budgets, p);
        }
        return new Estimate(parameters, derived, best.value(), predictor, t);
    }
}
