package dev.ladder.analysis.fit;

/**
 * Ordinary least squares y = intercept + slope·x, used for the log-log power laws of approaches 1 and 2 and
 * Kaplan's one-variable laws.
 */
public record LineFit(double intercept, double slope, double sumSquares) {

    public static LineFit of(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) throw new IllegalArgumentException("a line needs >= 2 points, got " + n);
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        if (!(sxx > 0)) throw new IllegalArgumentException("all " + n + " x values are equal (" + mx + ")");
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - intercept - slope * x[i];
            ss += r * r;
        }
        return new LineFit(intercept, slope, ss);
    }

    public double at(double x) {
        return intercept + slope * x;
    }
}
