package dev.ladder.analysis.fit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last step of Chinchilla's approaches 1 and 2: given compute-optimal model sizes N_opt at several budgets C,
 * fit {@code N_opt = c_N·C^a} and {@code D_opt = c_D·C^b} by least squares in log-log space, with
 * {@code D_opt = C / (k·N_opt)} for the FLOPs-per-parameter-token factor k, and evaluate both at the report budgets.
 */
final class AllocationPowerLaws {

    private AllocationPowerLaws() {
    }

    /** The estimate with parameters a, b, c_N, c_D and nOpt/dOpt/tokensPerParam at every budget. */
    static Estimate fit(double[] logC, double[] logN, double flopsPerParamToken, Budgets budgets) {
        double[] logD = new double[logC.length];
        for (int i = 0; i < logC.length; i++) logD[i] = logC[i] - Math.log(flopsPerParamToken) - logN[i];
        return fit(logC, logN, logD, budgets);
    }

    /** As above with D_opt given at each budget (e.g. from each shape's own FLOPs per token). */
    static Estimate fit(double[] logC, double[] logN, double[] logD, Budgets budgets) {
        LineFit nLine = LineFit.of(logC, logN);
        LineFit dLine = LineFit.of(logC, logD);
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("a", nLine.slope());
        parameters.put("b", dLine.slope());
        parameters.put("c_N", Math.exp(nLine.intercept()));
        parameters.put("c_D", Math.exp(dLine.intercept()));
        Map<String, Double> derived = new LinkedHashMap<>();
        for (double c : budgets.flops()) {
            double nOpt = Math.exp(nLine.at(Math.log(c)));
            double dOpt = Math.exp(dLine.at(Math.log(c)));
            derived.put(Budgets.key("nOpt", c), nOpt);
            derived.put(Budgets.key("dOpt", c), dOpt);
            derived.put(Budgets.key("tokensPerParam", c), dOpt / nOpt);
        }
        return new Estimate(parameters, derived, nLine.sumSquares(), Optional.empty(), new double[0]);
    }
}
