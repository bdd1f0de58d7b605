package dev.ladder.analysis.fit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Kaplan et al. 2020's one-variable power laws: L(N) = (N_c/N)^α_N, L(D) = (D_c/D)^α_D (final losses) and
 * L(C_min) = (C_c/C_min)^α_C (lower envelope of the curves), fitted by least squares in log-log:
 * log L = α·log X_c - α·log X.
 */
public final class KaplanLaw implements ScalingLaw {

    private final LawInput input;

    public KaplanLaw(LawInput input) {
        this.input = input;
    }

    @Override
    public String name() {
        return "kaplan-" + input.symbol();
    }

    @Override
    public String formula() {
        String x = input.symbol();
        return "L(" + x + ") = (" + x + "_c/" + x + ")^alpha_" + x;
    }


    @Override
    public boolean fitsFinalLosses() {
        return input != LawInput.COMPUTE;
    }

    @Override
    public Estimate fit(FitData data) {
        ScalingLaw.requireRuns(name(), 2, 2, input.runs(data));
        double[][] points = input.points(data);
        if (points.length < 2) {
            throw new FitRefusedException(name() + ": " + input.shortfall(points.length, 2));
        }
        double[] x = new double[points.length];
        double[] y = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            x[i] = Math.log(points[i][0]);
            y[i] = Math.log(points[i][1]);
        }
        LineFit line;
        try {
            line = LineFit.of(x, y);
        } catch (IllegalArgumentException e) {
            throw new FitRefusedException(name() + ": " + e.getMessage() + "; needed: \u2265 2 distinct "
                    + input.symbol());
        }
        double alpha = -line.slope();
        double scale = Math.exp(line.intercept() / alpha);
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("alpha_" + input.symbol(), alpha);
        parameters.put(input.symbol() + "_c", scale);
        LossPredictor predictor = (n, d, c) -> Math.pow(scale / input.x(n, d, c), alpha);
        return new Estimate(parameters, Map.of(), line.sumSquares(), Optional.of(predictor), new double[0]);
    }
}
