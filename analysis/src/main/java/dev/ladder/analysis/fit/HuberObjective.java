package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.DifferentiableFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summed Huber loss of log-loss residuals, Σ w_i · Huber_δ(f(θ; x1_i, x2_i) - log L_i), as in Hoffmann et al.
 * 2022 (δ = 1e-3) and Besiroglu et al. 2024. Huber_δ(r) = r²/2 for |r| ≤ δ, else δ(|r| - δ/2). The weights count
 * how often a point was drawn (1 for a plain fit, bootstrap multiplicities for a resample).
 */
public final class HuberObjective implements DifferentiableFunction {

    /** Hoffmann et al. 2022's Huber threshold on log-loss residuals. */
    public static final double CHINCHILLA_DELTA = 1e-3;

    private final LogSpaceForm form;
    private final double[] x1;
    private final double[] x2;
    private final double[] logLoss;
    private final double[] weights;
    private final double delta;

    /**
     * @param x1      first log input per point
     * @param x2      second log input per point (any values for one-input laws)
     * @param logLoss observed log loss per point
     * @param weights weight per point (bootstrap multiplicity); same length as the others
     */
    public HuberObjective(LogSpaceForm form, double[] x1, double[] x2, double[] logLoss, double[] weights,
                          double delta) {
        if (x1.length != x2.length || x1.length != logLoss.length || x1.length != weights.length) {
            throw new IllegalArgumentException("lengths differ: x1 " + x1.length + ", x2 " + x2.length
                    + ", logLoss " + logLoss.length + ", weights " + weights.length);
        }
        this.form = form;
        this.x1 = x1;
        this.x2 = x2;
        this.logLoss = logLoss;
        this.weights = weights;
        this.delta = delta;
    }

    /**
     * The objective over final losses: x1 = log N (or the law's first variable), x2 = log D, log loss, with
     * repeated points merged into weights ({@link #merged}).
     */
    public static HuberObjective overFinals(LogSpaceForm form, List<Observation> finals, double delta) {
        int n = finals.size();
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Observation o = finals.get(i);
            x1[i] = Math.log(o.params());
            x2[i] = Math.log(o.tokens());
            y[i] = Math.log(o.loss());
        }
        return merged(form, x1, x2, y, delta);
    }

    /**
     * The objective over points given one by one, with identical points (the copies of a run in a bootstrap
     * resample) merged into one point whose weight is their count: same value, fewer terms to evaluate.
     */
    public static HuberObjective merged(LogSpaceForm form, double[] x1, double[] x2, double[] logLoss,
                                        double delta) {
        Map<List<Double>, Integer> index = new LinkedHashMap<>();
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < x1.length; i++) {
            int at = index.computeIfAbsent(List.of(x1[i], x2[i], logLoss[i]), key -> {
                counts.add(0);
                return counts.size() - 1;
            });
            counts.set(at, counts.get(at) + 1);
        }
        int m = counts.size();
        double[][] columns = new double[3][m];
        double[] weights = new double[m];
        int i = 0;
        for (Map.Entry<List<Double>, Integer> entry : index.entrySet()) {
            for (int c = 0; c < 3; c++) columns[c][i] = entry.getKey().get(c);
            weights[i++] = counts.get(entry.getValue());
        }
        return new HuberObjective(form, columns[0], columns[1], columns[2], weights, delta);
    }

    /** The same data and weights with another form of the same inputs (e.g. Kaplan's joint law). */
    public HuberObjective withForm(LogSpaceForm other) {
        return new HuberObjective(other, x1, x2, logLoss, weights, delta);
    }

    @Override
    public double evaluate(double[] theta, double[] gradient) {
        int k = theta.length;
        int n = x1.length;
        double[] predicted = new double[n];
        double[] jacobian = new double[n * k];
        form.evaluate(theta, x1, x2, predicted, jacobian);
        Arrays.fill(gradient, 0);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            double r = predicted[i] - logLoss[i];
            double slope;
            if (Math.abs(r) <= delta) {
                total += w * 0.5 * r * r;
                slope = w * r;
            } else {
                total += w * delta * (Math.abs(r) - 0.5 * delta);
                slope = w * delta * Math.signum(r);
            }
            for (int j = 0; j < k; j++) gradient[j] += slope * jacobian[i * k + j];
        }
        return total;
    }
}
