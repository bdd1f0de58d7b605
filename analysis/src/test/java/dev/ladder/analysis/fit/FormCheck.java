package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Checks a {@link LogSpaceForm}'s analytic Jacobian against central differences. */
final class FormCheck {

    private FormCheck() {
    }

    static void jacobian(LogSpaceForm form, double[] theta, double[] x1, double[] x2) {
        int n = x1.length;
        int k = theta.length;
        double[] value = new double[n];
        double[] jacobian = new double[n * k];
        form.evaluate(theta, x1, x2, value, jacobian);
        double h = 1e-6;
        for (int j = 0; j < k; j++) {
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[j] += h;
            down[j] -= h;
            double[] vUp = new double[n];
            double[] vDown = new double[n];
            form.evaluate(up, x1, x2, vUp, new double[n * k]);
            form.evaluate(down, x1, x2, vDown, new double[n * k]);
            for (int i = 0; i < n; i++) {
                double numeric = (vUp[i] - vDown[i]) / (2 * h);
                assertThat(jacobian[i * k + j]).as("d f_%d / d theta_%d of %s", i, j, form.getClass()
                        .getSimpleName()).isCloseTo(numeric, within(1e-6 * (1 + Math.abs(numeric))));
            }
        }
    }
}
