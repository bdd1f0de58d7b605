package dev.ladder.analysis.fit;

/**
 * Kaplan et al. 2020 eq. 1.5, L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D, in log form:
 * log L = α_D·LSE((α_N/α_D)(n_c - log N), d_c - log D), with n_c = log N_c, d_c = log D_c.
 * θ = [nc, dc, alphaN, alphaD].
 */
public final class KaplanJointForm implements LogSpaceForm {

    @Override
    public void evaluate(double[] theta, double[] logParams, double[] logTokens, double[] logLoss,
                         double[] jacobian) {
        double alphaN = theta[2];
        double alphaD = theta[3];
        double ratio = alphaN / alphaD;
        for (int i = 0, j = 0; i < logParams.length; i++, j += 4) {
            double gapN = theta[0] - logParams[i];
            double u1 = ratio * gapN;
            double u2 = theta[1] - logTokens[i];
            double max = Math.max(u1, u2);
            double w1 = Math.exp(u1 - max);
            double w2 = Math.exp(u2 - max);
            double sum = w1 + w2;
            double lse = max + Math.log(sum);
            w1 /= sum;
            w2 /= sum;
            logLoss[i] = alphaD * lse;
            jacobian[j] = w1 * alphaN;
            jacobian[j + 1] = w2 * alphaD;
            jacobian[j + 2] = w1 * gapN;
            jacobian[j + 3] = lse - w1 * ratio * gapN;
        }
    }
}
