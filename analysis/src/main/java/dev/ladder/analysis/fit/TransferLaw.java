package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.Lbfgs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Effective data transferred (Hernandez et al. 2021): D_T = D_E - D_F, where D_F is the fine-tuning tokens and D_E
 * the tokens a from-scratch model of the same shape needs to reach the fine-tuned loss on the target data; the law
 * D_T = k·D_F^α·N^β, N non-embedding parameters. The observations hold N as {@link Observation#params}, D_F as
 * {@link Observation#tokens} and D_T in place of the loss ({@link Observation#loss}). Fitted as a robust regression
 * in log space: summed Huber loss of log residuals with δ = 0.1 (D_T read off a curve is noisier than a loss, so the
 * quadratic zone is wider than the loss laws'), L-BFGS from a few starts (the objective is convex).
 */
public final class TransferLaw implements ScalingLaw {

    /** Huber threshold on log D_T residuals. */
    public static final double DELTA = 0.1;

    @Override
    public String name() {
        return "transfer";
    }

    @Override
    public String formula() {
        return "D_T = k * D_F^alpha * N^beta";
    }

    @Override
    public Estimate fit(FitData data) {
        List<double[]> starts = MultiStartFit.grid(new double[] {0, 5, 10}, new double[] {0, 0.5, 1},
                new double[] {0, 0.5, 1});
        return estimate(MultiStartFit.minimize(objective(data), starts, Lbfgs.Settings.tight(), false));
    }

    @Override
    public Estimate refit(FitData data, Estimate full) {
        return estimate(MultiStartFit.minimize(objective(data), List.of(full.state()), Lbfgs.Settings.tight(),
                false));
    }

    private HuberObjective objective(FitData data) {
        ScalingLaw.requireRuns(name(), 4, 3, data.finals().size());
        List<Observation> finals = data.finals();
        if (finals.stream().map(Observation::params).distinct().count() < 2
                || finals.stream().map(Observation::tokens).distinct().count() < 2) {
            throw new FitRefusedException(name() + ": needs \u2265 2 different N and \u2265 2 different D_F");
        }
        return HuberObjective.overFinals(new TransferForm(), finals, DELTA);
    }

    private Estimate estimate(Lbfgs.Result best) {
        double[] t = best.point();
        double k = Math.exp(t[0]);
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("k", k);
        parameters.put("alpha", t[1]);
        parameters.put("beta", t[2]);
        LossPredictor predictor = (n, df, c) -> k * Math.pow(df, t[1]) * Math.pow(n, t[2]);
        return new Estimate(parameters, Map.of(), best.value(), Optional.of(predictor), t);
    }
}
