package dev.ladder.analysis.fit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last step of Chinchilla's approaches 1 and 2: given compute-optimal model sizes N_opt at several budgets C,
 * fit {@code N_opt = c_N·C^a} and {@code D_opt = c_D·C^b} by least squares in log-log space, with D_opt at each C
 * given by the caller as C over the FLOPs per token of a model of size N_opt, and evaluate both at the report budgets.
 */
final class AllocationPowerLaws {

    private AllocationPowerLaws() {
    }

    /**
     * The estimate with parameters a, b, c_N, c_D and nOpt/dOpt/tokensPerParam at every budget, from log N_opt and
     * log D_opt at each log C.
     */
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
