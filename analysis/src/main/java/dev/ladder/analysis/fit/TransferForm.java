package dev.ladder.analysis.fit;

/**
 * The transfer law of Hernandez et al. 2021, D_T = k·D_F^α·N^β, in log space: log D_T = κ + α log D_F + β log N,
 * k = exp(κ). θ = [kappa, alpha, beta]; x1 = log N, x2 = log D_F.
 */
public final class TransferForm implements LogSpaceForm {

    @Override
    public void evaluate(double[] theta, double[] logParams, double[] logTokens, double[] logOut, double[] jacobian) {
        for (int i = 0, j = 0; i < logParams.length; i++, j += 3) {
            logOut[i] = theta[0] + theta[1] * logTokens[i] + theta[2] * logParams[i];
            jacobian[j] = 1;
            jacobian[j + 1] = logTokens[i];
            jacobian[j + 2] = logParams[i];
        }
    }
}
