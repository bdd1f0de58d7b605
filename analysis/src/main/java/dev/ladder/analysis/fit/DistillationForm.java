package dev.ladder.analysis.fit;

/**
 * The distillation law of Busbridge et al. 2025 (Eq. 8) in their log form (Eq. 49, with the primes and the
 * log-residual they meant):
 * log L_S = LSE(ℓ_T, -c0·ℓ_T - c1·f1·LSE(0, (ℓ_T - ℓ̃_S - log d1)/f1) + γ·LSE(a - α log N_S, b - β log D_S)),
 * ℓ_T = log L_T the teacher's loss and ℓ̃_S = log L̃_S the student's supervised loss, both given per point.
 * θ = [a, b, alpha, beta, gamma, c0, log c1, log f1, log d1]: A = exp(a), B = exp(b); c1, f1, d1 > 0 by their logs.
 * The points are fixed at construction (the per-point ℓ_T and ℓ̃_S go with them), so objectives built on this form
 * must not reorder or merge points.
 */
public final class DistillationForm implements LogSpaceForm {

    private final double[] logTeacher;
    private final double[] logSupervised;

    /**
     * @param logTeacher    log L_T per point
     * @param logSupervised log L̃_S(N_S, D_S) per point, from the student's supervised law
     */
    public DistillationForm(double[] logTeacher, double[] logSupervised) {
        this.logTeacher = logTeacher.clone();
        this.logSupervised = logSupervised.clone();
    }

    @Override
    public void evaluate(double[] theta, double[] logParams, double[] logTokens, double[] logLoss,
                         double[] jacobian) {
        double a = theta[0];
        double b = theta[1];
        double alpha = theta[2];
        double beta = theta[3];
        double gamma = theta[4];
        double c0 = theta[5];
        double c1 = Math.exp(theta[6]);
        double f1 = Math.exp(theta[7]);
        double logD1 = theta[8];
        for (int i = 0, j = 0; i < logParams.length; i++, j += 9) {
            double lt = logTeacher[i];
            double u1 = a - alpha * logParams[i];
            double u2 = b - beta * logTokens[i];
            double max = Math.max(u1, u2);
            double w1 = Math.exp(u1 - max);
            double w2 = Math.exp(u2 - max);
            double sum = w1 + w2;
            double u = max + Math.log(sum);                  // log(A/N^α + B/D^β)
            w1 /= sum;
            w2 /= sum;
            double z = (lt - logSupervised[i] - logD1) / f1;
            double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            double sigmoid = z > 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
            double g = -c0 * lt - c1 * f1 * softplus + gamma * u;
            double top = Math.max(lt, g);
            double pt = Math.exp(lt - top);
            double pg = Math.exp(g - top);
            double total = pt + pg;
            logLoss[i] = top + Math.log(total);
            double p = pg / total;                            // d log L_S / d g
            jacobian[j] = p * gamma * w1;
            jacobian[j + 1] = p * gamma * w2;
            jacobian[j + 2] = -p * gamma * w1 * logParams[i];
            jacobian[j + 3] = -p * gamma * w2 * logTokens[i];
            jacobian[j + 4] = p * u;
            jacobian[j + 5] = -p * lt;
            jacobian[j + 6] = -p * c1 * f1 * softplus;
            jacobian[j + 7] = -p * c1 * f1 * (softplus - sigmoid * z);
            jacobian[j + 8] = p * c1 * sigmoid;
        }
    }

    /** L_S from Eq. 8 directly (not in log form), for predictions and plots. */
    public static double studentLoss(double[] theta, double params, double tokens, double teacherLoss,
                                     double supervisedLoss) {
        double a = Math.exp(theta[0]);
        double b = Math.exp(theta[1]);
        double c1 = Math.exp(theta[6]);
        double f1 = Math.exp(theta[7]);
        double d1 = Math.exp(theta[8]);
        double gap = Math.pow(1 + Math.pow(teacherLoss / (supervisedLoss * d1), 1 / f1), -c1 * f1);
        double reducible = Math.pow(a / Math.pow(params, theta[2]) + b / Math.pow(tokens, theta[3]), theta[4]);
        return teacherLoss + Math.pow(teacherLoss, -theta[5]) * gap * reducible;
    }
}
