package dev.ladder.analysis.fit;

/**
 * Kaplan et al. 2020 eq. 1.5 with an irreducible loss added, L(N, D) = E + [(N_c/N)^(α_N/α_D) + D_c/D]^α_D, in log
 * form: log L = LSE(e, K) with K = α_D·LSE((α_N/α_D)(n_c - log N), d_c - log D) the log of eq. 1.5's term
 * ({@link KaplanJointForm}), e = log E. θ = [nc, dc, alphaN, alphaD, e].
 */
public final class KaplanJointFloorForm implements LogSpaceForm {

    private final KaplanJointForm kaplan = new KaplanJointForm();

    @Override
    public void evaluate(double[] theta, double[] logParams, double[] logTokens, double[] logLoss,
                         double[] jacobian) {
        int n = logParams.length;
        double[] k = new double[n];
        double[] dk = new double[n * 4];
        kaplan.evaluate(new double[] {theta[0], theta[1], theta[2], theta[3]}, logParams, logTokens, k, dk);
        double e = theta[4];
        for (int i = 0; i < n; i++) {
            double max = Math.max(e, k[i]);
            double wE = Math.exp(e - max);
            double wK = Math.exp(k[i] - max);
            double sum = wE + wK;
            logLoss[i] = max + Math.log(sum);
            wE /= sum;
            wK /= sum;
            for (int j = 0; j < 4; j++) jacobian[i * 5 + j] = wK * dk[i * 4 + j];
            jacobian[i * 5 + 4] = wE;
        }
    }
}
