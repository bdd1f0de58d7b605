package dev.ladder.analysis.fit;

/**
 * The supervised law of Busbridge et al. 2025 (Eq. 1), L(N, D) = E + (A/N^α + B/D^β)^γ, in log-sum-exp form:
 * log L = LSE(e, γ·LSE(a - α log N, b - β log D)), with A = exp(a), B = exp(b), E = exp(e).
 * θ = [a, b, e, alpha, beta, gamma]; γ = 1 is Chinchilla's approach 3.
 */
public final class SupervisedForm implements LogSpaceForm {

    @Override
    public void evaluate(double[] theta, double[] logParams, double[] logTokens, double[] logLoss,
                         double[] jacobian) {
        double a = theta[0];
        double b = theta[1];
        double e = theta[2];
        double alpha = theta[3];
        double beta = theta[4];
        double gamma = theta[5];
        for (int i = 0, j = 0; i < logParams.length; i++, j += 6) {
            double u1 = a - alpha * logParams[i];
            double u2 = b - beta * logTokens[i];
            double max = Math.max(u1, u2);
            double w1 = Math.exp(u1 - max);
            double w2 = Math.exp(u2 - max);
            double sum = w1 + w2;
            double u = max + Math.log(sum);          // log(A/N^α + B/D^β)
            w1 /= sum;
            w2 /= sum;
            double g = gamma * u;
            double top = Math.max(g, e);
            double pg = Math.exp(g - top);
            double pe = Math.exp(e - top);
            double total = pg + pe;
            logLoss[i] = top + Math.log(total);
            double q = pg / total;                   // share of the reducible term in L
            jacobian[j] = q * gamma * w1;
            jacobian[j + 1] = q * gamma * w2;
            jacobian[j + 2] = pe / total;
            jacobian[j + 3] = -q * gamma * w1 * logParams[i];
            jacobian[j + 4] = -q * gamma * w2 * logTokens[i];
            jacobian[j + 5] = q * u;
        }
    }
}
