package dev.ladder.analysis.optim;

/**
 * The last m step and gradient-change pairs (s, y) of L-BFGS, kept in a ring, and the two-loop recursion that turns
 * them into a search direction -H·g (Nocedal and Wright, algorithm 7.4). Pairs with s·y ≤ 0 are skipped so H stays
 * positive definite.
 */
final class CurvatureMemory {

    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private final double[] alpha;
    private int stored;
    private int newest = -1;

    CurvatureMemory(int m, int n) {
        s = new double[m][n];
        y = new double[m][n];
        rho = new double[m];
        alpha = new double[m];
    }

    boolean isEmpty() {
        return stored == 0;
    }

    void clear() {
        stored = 0;
    }

    /** Records the step from (x, g) to (xNew, gNew) when its curvature s·y is positive. */
    void add(double[] x, double[] g, double[] xNew, double[] gNew) {
        double sy = 0;
        for (int i = 0; i < x.length; i++) sy += (xNew[i] - x[i]) * (gNew[i] - g[i]);
        if (!(sy > 0)) return;
        int m = s.length;
        newest = (newest + 1) % m;
        for (int i = 0; i < x.length; i++) {
            s[newest][i] = xNew[i] - x[i];
            y[newest][i] = gNew[i] - g[i];
        }
        rho[newest] = 1.0 / sy;
        stored = Math.min(stored + 1, m);
    }

    /** direction = -H·g; plain steepest descent when the memory is empty. */
    void direction(double[] g, double[] direction) {
        int n = g.length;
        int m = s.length;
        for (int i = 0; i < n; i++) direction[i] = -g[i];
        for (int k = 0; k < stored; k++) {
            int j = (newest - k + m) % m;
            alpha[j] = rho[j] * Lbfgs.dot(s[j], direction);
            for (int i = 0; i < n; i++) direction[i] -= alpha[j] * y[j][i];
        }
        if (stored > 0) {
            double gamma = 1.0 / (rho[newest] * Lbfgs.dot(y[newest], y[newest]));
            for (int i = 0; i < n; i++) direction[i] *= gamma;
        }
        for (int k = stored - 1; k >= 0; k--) {
            int j = (newest - k + m) % m;
            double beta = rho[j] * Lbfgs.dot(y[j], direction);
            for (int i = 0; i < n; i++) direction[i] += (alpha[j] - beta) * s[j][i];
        }
    }
}
