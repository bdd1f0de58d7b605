package dev.ladder.trainer.train;

import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdamW (Loshchilov and Hutter 2019) with clipping by global gradient norm, applied in one fused pass over the flat
 * parameter, gradient and moment buffers. Weight decay is decoupled ({@code p -= lr·weightDecay·p}) and applies only
 * to the roles {@link ParamSpec.Role#isDecayed()} names: block matrices and an untied head, not embeddings, biases or
 * gains.
 *
 * <p>With host kernels the pass is one Java loop over the buffers' host memory (CPU backend); otherwise it is a
 * handful of whole-buffer ND4J operations (any backend). Both compute the same float32 arithmetic.
 */
public final class AdamW {

    private final OptimConfig optim;
    private final Parameters firstMoment;
    private final Parameters secondMoment;
    private final boolean hostKernels;
    /** Per float of the flat layout: 1 where weight decay applies, else 0 (the ND4J path multiplies by it). */
    private final INDArray decayMask;
    /** Start of each layout segment in the flat buffer, and whether it is decayed (the host path). */
    private final int[] segmentStart;
    private final boolean[] segmentDecayed;

    public AdamW(OptimConfig optim, ModelConfig model, boolean hostKernels) {
        this.optim = optim;
        this.firstMoment = Parameters.zeros(model);
        this.secondMoment = Parameters.zeros(model);
        this.hostKernels = hostKernels;
        var specs = firstMoment.specs();
        this.segmentStart = new int[specs.size() + 1];
        this.segmentDecayed = new boolean[specs.size()];
        float[] mask = new float[Math.toIntExact(firstMoment.count())];
        for (int i = 0; i < specs.size(); i++) {
            segmentStart[i + 1] = segmentStart[i] + Math.toIntExact(specs.get(i).size());
            segmentDecayed[i] = specs.get(i).role().isDecayed();
            if (segmentDecayed[i]) java.util.Arrays.fill(mask, segmentStart[i], segmentStart[i + 1], 1f);
        }
        this.decayMask = hostKernels ? null : Nd4j.createFromArray(mask);
    }

    /** Adam's first moment m (checkpoints save and restore it). */
    public Parameters firstMoment() {
        return firstMoment;
    }

    /** Adam's second moment v. */
    public Parameters secondMoment() {
        return secondMoment;
    }

    /** The global L2 norm of all gradients: {@code sqrt(Σ g²)} over the flat gradient buffer. */
    public double globalNorm(Parameters gradients) {
        if (!hostKernels) return gradients.flat().norm2Number().doubleValue();
        FloatBuffer g = host(gradients.flat());
        int offset = (int) gradients.flat().offset();
        double sum = 0;
        for (int i = 0, n = (int) gradients.count(); i < n; i++) {
            double x = g.get(offset + i);
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    /**
     * Clips the gradients to {@code optim.gradClip} (when set and exceeded), then applies update number {@code step}
     * (1-based, for bias correction) with learning rate {@code lr}:
     * {@code m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= lr·wd·p (decayed roles); p -= lr·m̂/(√v̂ + ε)}.
     *
     * @param gradNorm the gradients' global norm before clipping
     */
    public void step(Parameters params, Parameters gradients, double gradNorm, double lr, long step) {
        float clip = (float) (optim.gradClip() > 0 && gradNorm > optim.gradClip() ? optim.gradClip() / gradNorm : 1.0);
        float b1 = (float) optim.beta1();
        float b2 = (float) optim.beta2();
        float stepSize = (float) (lr / (1 - Math.pow(optim.beta1(), step)));
        float correction2 = (float) (1 - Math.pow(optim.beta2(), step));
        float decay = (float) (1 - lr * optim.weightDecay());
        float eps = (float) optim.eps();
        if (hostKernels) {
            hostStep(params, gradients, clip, b1, b2, stepSize, correction2, decay, eps);
        } else {
            INDArray g = clip == 1f ? gradients.flat() : gradients.flat().mul(clip);
            INDArray m = firstMoment.flat().muli(b1).addi(g.mul(1 - b1));
            INDArray v = secondMoment.flat().muli(b2).addi(g.mul(g).muli(1 - b2));
            INDArray p = params.flat();
            p.muli(decayMask.mul(decay - 1).addi(1));
            p.subi(m.div(Transforms.sqrt(v.div(correction2), false).addi(eps)).muli(stepSize));
        }
    }

    private void hostStep(Parameters params, Parameters gradients, float clip, float b1, float b2, float stepSize,
                          float correction2, float decay, float eps) {
        FloatBuffer p = host(params.flat());
        FloatBuffer g = host(gradients.flat());
        FloatBuffer m = host(firstMoment.flat());
        FloatBuffer v = host(secondMoment.flat());
        int po = (int) params.flat().offset();
        int go = (int) gradients.flat().offset();
        int mo = (int) firstMoment.flat().offset();
        int vo = (int) secondMoment.flat().offset();
        for (int s = 0; s < segmentDecayed.length; s++) {
            float segmentDecay = segmentDecayed[s] ? decay : 1f;
            for (int i = segmentStart[s]; i < segmentStart[s + 1]; i++) {
                float gi = g.get(go + i) * clip;
                float mi = b1 * m.get(mo + i) + (1 - b1) * gi;
                float vi = b2 * v.get(vo + i) + (1 - b2) * gi * gi;
                m.put(mo + i, mi);
                v.put(vo + i, vi);
                float pi = p.get(po + i) * segmentDecay;
                p.put(po + i, pi - stepSize * mi / ((float) Math.sqrt(vi / correction2) + eps));
            }
        }
    }

    private static FloatBuffer host(INDArray array) {
        if (array.dataType() != DataType.FLOAT) throw new IllegalStateException("expected float32, got " + array);
        return array.data().asNioFloat();
    }
}
