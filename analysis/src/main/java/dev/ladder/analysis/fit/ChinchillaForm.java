package dev.ladder.analysis.fit;

/**
 * Chinchilla's loss L(N, D) = E + A/N^α + B/D^β in the log-sum-exp form of Hoffmann et al. 2022 (approach 3):
 * log L = LSE(a - α log N, b - β log D, e), with A = exp(a), B = exp(b), E = exp(e). θ = [a, b, e, alpha, beta].
 */
public final class ChinchillaForm implements LogSpaceForm {

    @Override
    public void evaluate(double[] theta, double[] logParams, double[] logTokens, double[] logLoss,
                         double[] jacobian) {
        double a = theta[0];
        double b = theta[1];
        double e = theta[2];
        double alpha = theta[3];
        double beta = theta[4];
        for (int i = 0, j = 0; i < logParams.length; i++, j += 5) {
            double u1 = a - alpha * logParams[i];
            double u2 = b - beta * logTokens[i];
            double max = Math.max(u1, Math.max(u2, e));
            double w1 = Math.exp(u1 - max);
            double w2 = Math.exp(u2 - max);
            double w3 = Math.exp(e - max);
            double sum = w1 + w2 + w3;
            double inv = 1.0 / sum;
            w1 *= inv;
            w2 *= inv;
            logLoss[i] = max + Math.log(sum);
            jacobian[j] = w1;
            jacobian[j + 1] = w2;
            jacobian[j + 2] = w3 * inv;
            jacobian[j + 3] = -w1 * logParams[i];
            jacobian[j + 4] = -w2 * logTokens[i];
        }
    }
}
