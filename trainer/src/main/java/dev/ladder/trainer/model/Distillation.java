package dev.ladder.trainer.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The distillation loss on logits and its gradient, for an engine whose backward pass starts from dLogits. Per row r,
 * with student logits s, teacher logits t, {@code q = softmax(s/τ)}, {@code p = softmax(t/τ)}:
 * <pre>
 * KL_r  = Σ_v p_v·(ln p_v - ln q_v)                       (forward KL, teacher first)
 * CE_r  = logsumexp(s) - s[target]
 * loss  = λ·τ²·mean_r KL_r + (1 - λ)·mean_r CE_r
 * dLoss/ds_r = (λ·τ·(q - p) + (1 - λ)·(softmax(s) - onehot(target))) / rows
 * </pre>
 * Sums run in double precision over copies of the arrays, so the same code serves every backend.
 */
public final class Distillation {

    private Distillation() {
    }

    /**
     * The losses of the batch; when {@code writeGradient}, overwrites {@code logits} with dLoss/dLogits.
     *
     * @param logits  the student's logits {@code [rows, vocab]}
     * @param targets the next-token ids, one per row
     */
    public static SoftTargets.Loss apply(INDArray logits, int[] targets, SoftTargets soft, boolean writeGradient) {
        int rows = Math.toIntExact(logits.size(0));
        int vocab = Math.toIntExact(logits.size(1));
        float[] s = logits.dup('c').data().asFloat();
        float[] t = soft.teacherLogits().dup('c').data().asFloat();
        if (t.length != s.length || targets.length != rows) {
            throw new IllegalStateException("teacher logits " + t.length + ", student " + s.length + ", targets "
                    + targets.length + " for " + rows + " x " + vocab);
        }
        double lambda = soft.lambda();
        double tau = soft.temperature();
        double klSum = 0;
        double ceSum = 0;
        double[] q = new double[vocab];
        double[] p = new double[vocab];
        double[] sm = new double[vocab];
        for (int r = 0; r < rows; r++) {
            int o = r * vocab;
            double lseQ = logSoftmax(s, o, vocab, 1 / tau, q);
            double lseP = logSoftmax(t, o, vocab, 1 / tau, p);
            double lse = logSoftmax(s, o, vocab, 1, sm);
            ceSum += lse - s[o + targets[r]];
            for (int v = 0; v < vocab; v++) {
                double logQ = s[o + v] / tau - lseQ;
                double logP = t[o + v] / tau - lseP;
                klSum += p[v] * (logP - logQ);
            }
            if (!writeGradient) continue;
            for (int v = 0; v < vocab; v++) {
                double ce = sm[v] - (v == targets[r] ? 1 : 0);
                s[o + v] = (float) ((lambda * tau * (q[v] - p[v]) + (1 - lambda) * ce) / rows);
            }
        }
        if (writeGradient) logits.assign(Nd4j.create(s, logits.shape(), 'c'));
        double kl = klSum / rows;
        double ce = ceSum / rows;
        return new SoftTargets.Loss(ce, lambda * tau * tau * kl + (1 - lambda) * ce);
    }

    /** Writes softmax(scale·x) of one row into {@code probs}; returns logsumexp(scale·x). */
    private static double logSoftmax(float[] x, int offset, int vocab, double scale, double[] probs) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) max = Math.max(max, scale * x[offset + v]);
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            probs[v] = Math.exp(scale * x[offset + v] - max);
            sum += probs[v];
        }
        for (int v = 0; v < vocab; v++) probs[v] /= sum;
        return max + Math.log(sum);
    }
}
