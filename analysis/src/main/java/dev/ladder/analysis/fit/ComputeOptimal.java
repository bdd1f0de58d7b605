package dev.ladder.analysis.fit;

import java.util.Map;

/**
 * The compute-optimal allocation of L(N, D) = E + A/N^α + B/D^β under C = k·N·D (Hoffmann et al. 2022, eq. 4):
 * N_opt(C) = G·(C/k)^(β/(α+β)), D_opt(C) = G^-1·(C/k)^(α/(α+β)), G = (αA/(βB))^(1/(α+β)).
 *
 * @param k FLOPs per parameter per token (6 for the 6ND convention)
 */
public record ComputeOptimal(double a, double b, double alpha, double beta, double k) {

    public double g() {
        return Math.pow(alpha * a / (beta * b), 1.0 / (alpha + beta));
    }

    /** The exponent of N_opt ∝ C^x: β/(α+β). */
    public double paramsExponent() {
        return beta / (alpha + beta);
    }

    /** The exponent of D_opt ∝ C^x: α/(α+β). */
    public double tokensExponent() {
        return alpha / (alpha + beta);
    }

    public double params(double flops) {
        return g() * Math.pow(flops / k, paramsExponent());
    }

    public double tokens(double flops) {
        return Math.pow(flops / k, tokensExponent()) / g();
    }

    /**
     * Puts the allocation into {@code derived}: the exponents of N_opt and D_opt, and at each budget N_opt, D_opt,
     * tokens per parameter and the loss {@code predictor} gives there.
     */
    void putDerived(Map<String, Double> derived, Budgets budgets, LossPredictor predictor) {
        derived.put("nOptExponent", paramsExponent());
        derived.put("dOptExponent", tokensExponent());
        for (double c : budgets.flops()) {
            double nOpt = params(c);
            double dOpt = tokens(c);
            derived.put(Budgets.key("nOpt", c), nOpt);
            derived.put(Budgets.key("dOpt", c), dOpt);
            derived.put(Budgets.key("tokensPerParam", c), dOpt / nOpt);
            derived.put(Budgets.key("loss", c), predictor.loss(nOpt, dOpt, c));
        }
    }
}
