package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.Lbfgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fine-tuning scaling (Zhang et al. 2024, Eq. 1): L(X, D_f) = A·X^(-α)·D_f^(-β) + E, X one property of the
 * pretrained model (its non-embedding parameters, or its pre-training tokens), D_f the fine-tuning tokens, L the
 * fine-tuned model's loss on the target data. The observations hold X as {@link Observation#params} and D_f as
 * {@link Observation#tokens}. Fitted as they did: summed Huber loss (δ = 1e-3) of log residuals of
 * {@link FinetuneForm}, L-BFGS, best of a grid a ∈ {0, 5, ..., 25}, e ∈ {-1, -0.5, ..., 1}, α, β ∈ {0, 0.5, 1, 1.5}
 * (480 starts).
 */
public final class FinetuneLaw implements ScalingLaw {

    private final String x;

    /** @param x what X is, for the formula: "N" (pretrained parameters) or "Dp" (pre-training tokens) */
    public FinetuneLaw(String x) {
        this.x = x;
    }

    @Override
    public String name() {
        return "finetune";
    }

    @Override
    public String formula() {
        return "L(X, Df) = A * X^(-alpha) * Df^(-beta) + E, X = " + x;
    }

    @Override
    public Estimate fit(FitData data) {
        List<double[]> starts = MultiStartFit.grid(new double[] {0, 5, 10, 15, 20, 25},
                new double[] {-1, -0.5, 0, 0.5, 1}, new double[] {0, 0.5, 1, 1.5}, new double[] {0, 0.5, 1, 1.5});
        return estimate(MultiStartFit.minimize(objective(data), starts, Lbfgs.Settings.tight(), true));
    }

    @Override
    public Estimate refit(FitData data, Estimate full) {
        List<double[]> starts = new ArrayList<>();
        starts.add(full.state());
        double[] nudged = full.state();
        nudged[0] += 0.5;
        nudged[1] -= 0.1;
        starts.add(nudged);
        return estimate(MultiStartFit.minimize(objective(data), starts, Lbfgs.Settings.tight(), false));
    }

    private HuberObjective objective(FitData data) {
        ScalingLaw.requireRuns(name(), 5, 4, data.finals().size());
        List<Observation> finals = data.finals();
        if (finals.stream().map(Observation::params).distinct().count() < 2
                || finals.stream().map(Observation::tokens).distinct().count() < 2) {
            throw new FitRefusedException(name() + ": needs \u2265 2 different X and \u2265 2 different Df");
        }
        return HuberObjective.overFinals(new FinetuneForm(), finals, HuberObjective.CHINCHILLA_DELTA);
    }

    private Estimate estimate(Lbfgs.Result best) {
        double[] t = best.point();
        double a = Math.exp(t[0]);
        double e = Math.exp(t[1]);
        double alpha = t[2];
        double beta = t[3];
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("A", a);
        parameters.put("alpha", alpha);
        parameters.put("beta", beta);
        parameters.put("E", e);
        LossPredictor predictor = (xValue, df, c) -> a * Math.pow(xValue, -alpha) * Math.pow(df, -beta) + e;
        return new Estimate(parameters, Map.of(), best.value(), Optional.of(predictor), t);
    }
}
