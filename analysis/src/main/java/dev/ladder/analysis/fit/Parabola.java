package dev.ladder.analysis.fit;

/** Least-squares parabola y = p0 + p1·x + p2·x², solved from the 3×3 normal equations about the mean of x. */
final class Parabola {

    private Parabola() {
    }

    /** Coefficients [p0, p1, p2] in x (not centred); needs ≥ 3 distinct x. */
    static double[] fit(double[] x, double[] y) {
        int n = x.length;
        double mean = 0;
        for (double v : x) mean += v / n;
        double[][] m = new double[3][4];
        for (int i = 0; i < n; i++) {
            double t = x[i] - mean;
            double[] basis = {1, t, t * t};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) m[r][c] += basis[r] * basis[c];
                m[r][3] += basis[r] * y[i];
            }
        }
        double[] q = solve(m);
        // y = q0 + q1 (x - mean) + q2 (x - mean)^2, expanded in x
        return new double[] {q[0] - q[1] * mean + q[2] * mean * mean, q[1] - 2 * q[2] * mean, q[2]};
    }

    /** Gaussian elimination with partial pivoting on an augmented 3×4 matrix. */
    private static double[] solve(double[][] m) {
        for (int col = 0; col < 3; col++) {
            int pivot = col;
            for (int r = col + 1; r < 3; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            if (m[col][col] == 0) throw new IllegalArgumentException("a parabola needs >= 3 distinct x values");
            for (int r = col + 1; r < 3; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c < 4; c++) m[r][c] -= f * m[col][c];
            }
        }
        double[] q = new double[3];
        for (int r = 2; r >= 0; r--) {
            double s = m[r][3];
            for (int c = r + 1; c < 3; c++) s -= m[r][c] * q[c];
            q[r] = s / m[r][r];
        }
        return q;
    }
}
