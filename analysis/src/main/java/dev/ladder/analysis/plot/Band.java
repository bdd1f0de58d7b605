package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.Bootstrap;
import dev.ladder.analysis.fit.Estimate;
import java.util.List;

/**
 * A fitted curve's bootstrap band: at each x, the percentile interval of the curve over the bootstrap refits (the
 * same intervals fit.json gives for single quantities). NaN where no refit gives a finite value.
 *
 * @param lo lower edge at each x
 * @param hi upper edge at each x
 */
record Band(double[] lo, double[] hi) {

    /** A fitted curve y(x) as given by one estimate (the full fit or a bootstrap refit). */
    @FunctionalInterface
    interface Curve {
        double at(Estimate estimate, double x);
    }

    static Band of(List<Estimate> samples, Curve curve, double[] xs, double level) {
        double[] lo = new double[xs.length];
        double[] hi = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            double[] values = samples.stream().mapToDouble(e -> curve.at(e, x)).filter(Double::isFinite).toArray();
            double[] interval = values.length == 0 ? new double[] {Double.NaN, Double.NaN}
                    : Bootstrap.interval(values, level);
            lo[i] = interval[0];
            hi[i] = interval[1];
        }
        return new Band(lo, hi);
    }

    /** n values evenly spaced in log between lo and hi (both included). */
    static double[] logSpace(double lo, double hi, int n) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (n - 1));
        return xs;
    }
}
