package dev.ladder.analysis.fit;

/** L(X) = E + A/X^α in log-sum-exp form: log L = LSE(a - α log X, e). θ = [a, e, alpha]. */
public final class FlooredPowerForm implements LogSpaceForm {

    @Override
    public void evaluate(double[] theta, double[] logX, double[] unused, double[] logLoss, double[] jacobian) {
        for (int i = 0, j = 0; i < logX.length; i++, j += 3) {
            double u1 = theta[0] - theta[2] * logX[i];
            double u2 = theta[1];
            double max = Math.max(u1, u2);
            double w1 = Math.exp(u1 - max);
            double w2 = Math.exp(u2 - max);
            double sum = w1 + w2;
            logLoss[i] = max + Math.log(sum);
            jacobian[j] = w1 / sum;
            jacobian[j + 1] = w2 / sum;
            jacobian[j + 2] = -jacobian[j] * logX[i];
        }
    }
}
