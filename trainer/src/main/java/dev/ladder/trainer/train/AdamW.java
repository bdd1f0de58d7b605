package dev.ladder.trainer.train;

import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * <p>With host kernels the pass is one vectorised Java loop over the buffers' host memory (CPU backend, Vector API);
 * otherwise it is a handful of whole-buffer ND4J operations (any backend). Both compute the same float32 arithmetic.
 */
public final class AdamW {

    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();


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
        return Math.sqrt(HostPass.sumOfSquares(host(gradients.flat()), (int) gradients.count()));
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
            HostPass.step(host(params.flat()), host(gradients.flat()), host(firstMoment.flat()),
                    host(secondMoment.flat()), segmentStart, segmentDecayed, clip, b1, b2, stepSize, correction2, decay,
                    eps);
        } else {
            INDArray g = clip == 1f ? gradients.flat() : gradients.flat().mul(clip);
            INDArray m = firstMoment.flat().muli(b1).addi(g.mul(1 - b1));
            INDArray v = secondMoment.flat().muli(b2).addi(g.mul(g).muli(1 - b2));
            INDArray p = params.flat();
            p.muli(decayMask.mul(decay - 1).addi(1));
            p.subi(m.div(Transforms.sqrt(v.div(correction2), false).addi(eps)).muli(stepSize));
        }
    }

    /** The host memory of a flat buffer (its own allocation, offset 0), native byte order. */
    private static ByteBuffer host(INDArray flat) {
        if (flat.dataType() != DataType.FLOAT || flat.offset() != 0) {
            throw new IllegalStateException("expected a float32 buffer at offset 0, got " + flat.shapeInfoToString());
        }
        return flat.data().asNio().order(NATIVE);
    }

    /**
     * The host-kernel passes, vectorised with the Vector API; a class of their own so that AdamW loads in a JVM
     * without the Vector API module (which then never takes the host path).
     */
    private static final class HostPass {

        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        /** Floats summed in float lanes before the running total moves to double. */
        private static final int CHUNK = 4096;

        /** Σ g² over the first {@code n} floats, in double over chunks. */
        static double sumOfSquares(ByteBuffer g, int n) {
            double sum = 0;
            int i = 0;
            for (; i + CHUNK <= n; i += CHUNK) sum += sumOfSquares(g, i, i + CHUNK);
            return sum + sumOfSquares(g, i, n);
        }

        /** Σ g² over {@code [from, to)} in float lanes (short ranges: {@link #CHUNK}), the lanes added in order. */
        private static double sumOfSquares(ByteBuffer g, int from, int to) {
            FloatVector acc = FloatVector.zero(S);
            int i = from;
            for (; i + S.length() <= to; i += S.length()) {
                FloatVector x = FloatVector.fromByteBuffer(S, g, i << 2, NATIVE);
                acc = x.fma(x, acc);
            }
            float[] lanes = acc.toArray();
            double sum = 0;
            for (float lane : lanes) sum += lane;
            for (; i < to; i++) sum += (double) g.getFloat(i << 2) * g.getFloat(i << 2);
            return sum;
        }

        /** The update as one vectorised loop over the four buffers' host memory (whole vectors, then the rest). */
        static void step(ByteBuffer p, ByteBuffer g, ByteBuffer m, ByteBuffer v, int[] segmentStart,
                         boolean[] segmentDecayed, float clip, float b1, float b2, float stepSize,
                         float correction2, float decay, float eps) {
            for (int s = 0; s < segmentDecayed.length; s++) {
                float segmentDecay = segmentDecayed[s] ? decay : 1f;
                int i = segmentStart[s];
                int end = segmentStart[s + 1];
                for (; i + S.length() <= end; i += S.length()) {
                    int at = i << 2;
                    FloatVector gi = FloatVector.fromByteBuffer(S, g, at, NATIVE).mul(clip);
                    FloatVector mi = FloatVector.fromByteBuffer(S, m, at, NATIVE).mul(b1).add(gi.mul(1 - b1));
                    FloatVector vi = FloatVector.fromByteBuffer(S, v, at, NATIVE).mul(b2).add(gi.mul(gi).mul(1 - b2));
                    mi.intoByteBuffer(m, at, NATIVE);
                    vi.intoByteBuffer(v, at, NATIVE);
                    FloatVector denominator = vi.div(correction2).lanewise(VectorOperators.SQRT).add(eps);
                    FloatVector pi = FloatVector.fromByteBuffer(S, p, at, NATIVE).mul(segmentDecay);
                    pi.sub(mi.mul(stepSize).div(denominator)).intoByteBuffer(p, at, NATIVE);
                }
                for (; i < end; i++) {
                    int at = i << 2;
                    float gi = g.getFloat(at) * clip;
                    float mi = b1 * m.getFloat(at) + (1 - b1) * gi;
                    float vi = b2 * v.getFloat(at) + (1 - b2) * gi * gi;
                    m.putFloat(at, mi);
                    v.putFloat(at, vi);
                    float pi = p.getFloat(at) * segmentDecay;
                    p.putFloat(at, pi - stepSize * mi / ((float) Math.sqrt(vi / correction2) + eps));
                }
            }
        }
    }
}
