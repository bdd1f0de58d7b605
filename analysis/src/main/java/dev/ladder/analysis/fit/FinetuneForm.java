package dev.ladder.analysis.fit;

/**
 * The fine-tuning law of Zhang et al. 2024 (Eq. 1), L(X, D_f) = A·X^(-α)·D_f^(-β) + E, in log-sum-exp form:
 * log L = LSE(a - α log X - β log D_f, e), A = exp(a), E = exp(e). θ = [a, e, alpha, beta].
 */
public final class FinetuneForm implements LogSpaceForm {

    @Override
    public void evaluate(double[] theta, double[] logX, double[] logTokens, double[] logLoss, double[] jacobian) {
        double a = theta[0];
        double e = theta[1];
        double alpha = theta[2];
        double beta = theta[3];
        for (int i = 0, j = 0; i < logX.length; i++, j += 4) {
            double u = a - alpha * logX[i] - beta * logTokens[i];
            double max = Math.max(u, e);
            double wu = Math.exp(u - max);
            double we = Math.exp(e - max);
            double sum = wu + we;
            logLoss[i] = max + Math.log(sum);
            double p = wu / sum;
            jacobian[j] = p;
            jacobian[j + 1] = we / sum;
            jacobian[j + 2] = -p * logX[i];
            jacobian[j + 3] = -p * logTokens[i];
        }
    }
}
