package dev.ladder.trainer.model.fast;

import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels as Java loops over the host memory of ND4J's arrays, vectorised with the JDK's Vector API (SIMD lanes,
 * and vectorised exp): one pass over the data per kernel, no native calls. Only for the CPU backend (a GPU's arrays
 * have no host memory to loop over) and only when the JVM runs with {@code --add-modules jdk.incubator.vector}
 * ({@link FastEngine#hostKernelsAvailable()}; without it this class cannot load). Each loop runs whole vectors,
 * then the remaining elements one by one.
 *
 * <p>Results are bit-for-bit reproducible (bit-exact resume needs this), so the kernels use only lane operations
 * that IEEE 754 defines exactly: the Vector API's own {@code EXP} and {@code reduceLanes(ADD)} may give different
 * bits before and after the JIT compiles them, so exp is {@link #exp(FloatVector)} below and sums over lanes are
 * taken in lane order ({@link #sum(FloatVector)}).
 *
 * <p>With several threads, each kernel splits its rows into one contiguous range per thread ({@link Ranges});
 * column sums add the ranges' partial sums in range order, so results depend on the thread count but not on timing.
 */
final class HostKernels implements Kernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final float SQRT_2_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float GELU_CUBIC = 0.044715f;
    private static final float LN_EPS = 1e-5f;

    /** ln 2 and 1/ln 2; the round-to-nearest constant 1.5·2²³; exp's argument range (2^±126 stays normal). */
    private static final float LN2 = 0.6931471805599453f;
    private static final float LOG2E = 1.4426950408889634f;
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float EXP_MIN = -87.0f;
    private static final float EXP_MAX = 88.0f;

    private final Ranges ranges;
    /** Per range: column sums in progress (biasGradient, layerNormBackward); grown on demand, reused. */
    private final float[][] sumA;
    private final float[][] sumB;

    /** @param ranges how kernels split their rows over the run's threads */
    HostKernels(Ranges ranges) {
        this.ranges = ranges;
        this.sumA = new float[ranges.threads()][0];
        this.sumB = new float[ranges.threads()][0];
    }

    private int forRanges(int count, int align, Ranges.Body body) {
        return ranges.run(count, align, body);
    }

    private static FloatVector load(Tensor t, int i) {
        return FloatVector.fromByteBuffer(S, t.host(), t.byteIndex(i), NATIVE);
    }

    private static void store(FloatVector v, Tensor t, int i) {
        v.intoByteBuffer(t.host(), t.byteIndex(i), NATIVE);
    }

    /** Whole vectors fit below this index. */
    private static int bound(int n) {
        return S.loopBound(n);
    }

    @Override
    public void embed(Tensor wte, Tensor wpe, int[] tokens, Tensor out, int seqLen, int dModel) {
        for (int n = 0; n < tokens.length; n++) {
            int tok = tokens[n] * dModel;
            int pos = (n % seqLen) * dModel;
            int o = n * dModel;
            int j = 0;
            for (; j < bound(dModel); j += S.length()) store(load(wte, tok + j).add(load(wpe, pos + j)), out, o + j);
            for (; j < dModel; j++) out.put(o + j, wte.get(tok + j) + wpe.get(pos + j));
        }
    }

    @Override
    public void embedBackward(Tensor dOut, int[] tokens, Tensor dWte, boolean addToWte, Tensor dWpe, int seqLen,
                              int dModel) {
        fillZero(dWpe, seqLen * dModel);
        if (!addToWte) fillZero(dWte, dWte.length());
        for (int n = 0; n < tokens.length; n++) {
            int tok = tokens[n] * dModel;
            int pos = (n % seqLen) * dModel;
            int o = n * dModel;
            int j = 0;
            for (; j < bound(dModel); j += S.length()) {
                FloatVector dy = load(dOut, o + j);
                store(load(dWte, tok + j).add(dy), dWte, tok + j);
                store(load(dWpe, pos + j).add(dy), dWpe, pos + j);
            }
            for (; j < dModel; j++) {
                dWte.put(tok + j, dWte.get(tok + j) + dOut.get(o + j));
                dWpe.put(pos + j, dWpe.get(pos + j) + dOut.get(o + j));
            }
        }
    }

    @Override
    public void layerNorm(Tensor x, Tensor gain, Tensor bias, Tensor out, Tensor mean, Tensor rstd, int rows,
                          int cols) {
        int vb = bound(cols);
        forRanges(rows, 1, (part, from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * cols;
                FloatVector acc = FloatVector.zero(S);
                int j = 0;
                for (; j < vb; j += S.length()) acc = acc.add(load(x, o + j));
                float sum = sum(acc);
                for (; j < cols; j++) sum += x.get(o + j);
                float mu = sum / cols;
                acc = FloatVector.zero(S);
                for (j = 0; j < vb; j += S.length()) {
                    FloatVector c = load(x, o + j).sub(mu);
                    acc = c.fma(c, acc);
                }
                float squares = sum(acc);
                for (; j < cols; j++) squares += (x.get(o + j) - mu) * (x.get(o + j) - mu);
                float s = (float) (1 / Math.sqrt(squares / cols + LN_EPS));
                for (j = 0; j < vb; j += S.length()) {
                    store(load(x, o + j).sub(mu).mul(s).fma(load(gain, j), load(bias, j)), out, o + j);
                }
                for (; j < cols; j++) out.put(o + j, (x.get(o + j) - mu) * s * gain.get(j) + bias.get(j));
                mean.put(r, mu);
                rstd.put(r, s);
            }
        });
    }

    @Override
    public void layerNormBackward(Tensor dOut, Tensor x, Tensor gain, Tensor mean, Tensor rstd, Tensor dx,
                                  boolean accumulate, Tensor dGain, Tensor dBias, int rows, int cols) {
        int vb = bound(cols);
        int parts = forRanges(rows, 1, (part, from, to) -> {
            float[] dg = zeroed(sumA, part, cols);
            float[] db = zeroed(sumB, part, cols);
            for (int r = from; r < to; r++) {
                int o = r * cols;
                float mu = mean.get(r);
                float s = rstd.get(r);
                FloatVector accG = FloatVector.zero(S);
                FloatVector accGx = FloatVector.zero(S);
                int j = 0;
                for (; j < vb; j += S.length()) {
                    FloatVector dy = load(dOut, o + j);
                    FloatVector xHat = load(x, o + j).sub(mu).mul(s);
                    FloatVector gHat = load(gain, j).mul(dy);
                    accG = accG.add(gHat);
                    accGx = gHat.fma(xHat, accGx);
                    dy.fma(xHat, FloatVector.fromArray(S, dg, j)).intoArray(dg, j);
                    dy.add(FloatVector.fromArray(S, db, j)).intoArray(db, j);
                }
                float meanG = sum(accG);
                float meanGx = sum(accGx);
                for (; j < cols; j++) {
                    float dy = dOut.get(o + j);
                    float xHat = (x.get(o + j) - mu) * s;
                    meanG += gain.get(j) * dy;
                    meanGx += gain.get(j) * dy * xHat;
                    dg[j] += dy * xHat;
                    db[j] += dy;
                }
                meanG /= cols;
                meanGx /= cols;
                for (j = 0; j < vb; j += S.length()) {
                    FloatVector xHat = load(x, o + j).sub(mu).mul(s);
                    FloatVector value = load(gain, j).mul(load(dOut, o + j)).sub(meanG).sub(xHat.mul(meanGx)).mul(s);
                    store(accumulate ? value.add(load(dx, o + j)) : value, dx, o + j);
                }
                for (; j < cols; j++) {
                    float xHat = (x.get(o + j) - mu) * s;
                    float value = s * (gain.get(j) * dOut.get(o + j) - meanG - xHat * meanGx);
                    dx.put(o + j, accumulate ? dx.get(o + j) + value : value);
                }
            }
        });
        writeSum(sumA, parts, dGain, cols);
        writeSum(sumB, parts, dBias, cols);
    }

    @Override
    public void biasRows(Tensor residual, Tensor bias, Tensor out, int rows, int cols) {
        int vb = bound(cols);
        forRanges(rows, 1, (part, from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * cols;
                int j = 0;
                if (residual == null) {
                    for (; j < vb; j += S.length()) store(load(bias, j), out, o + j);
                    for (; j < cols; j++) out.put(o + j, bias.get(j));
                } else {
                    for (; j < vb; j += S.length()) store(load(residual, o + j).add(load(bias, j)), out, o + j);
                    for (; j < cols; j++) out.put(o + j, residual.get(o + j) + bias.get(j));
                }
            }
        });
    }

    @Override
    public void biasGradient(Tensor dOut, Tensor dBias, int rows, int cols) {
        int vb = bound(cols);
        int parts = forRanges(rows, 1, (part, from, to) -> {
            float[] sum = zeroed(sumA, part, cols);
            for (int r = from; r < to; r++) {
                int o = r * cols;
                int j = 0;
                for (; j < vb; j += S.length()) {
                    load(dOut, o + j).add(FloatVector.fromArray(S, sum, j)).intoArray(sum, j);
                }
                for (; j < cols; j++) sum[j] += dOut.get(o + j);
            }
        });
        writeSum(sumA, parts, dBias, cols);
    }

    @Override
    public void gelu(Tensor x, Tensor out, int n) {
        forRanges(n, S.length(), (part, from, to) -> {
            int i = from;
            for (; i < from + bound(to - from); i += S.length()) {
                FloatVector v = load(x, i);
                store(v.mul(0.5f).mul(tanhOfGeluArg(v).add(1f)), out, i);
            }
            for (; i < to; i++) {
                float v = x.get(i);
                out.put(i, 0.5f * v * (1 + tanh(SQRT_2_PI * (v + GELU_CUBIC * v * v * v))));
            }
        });
    }

    @Override
    public void geluBackward(Tensor dOut, Tensor x, Tensor dx, int n) {
        forRanges(n, S.length(), (part, from, to) -> {
            int i = from;
            for (; i < from + bound(to - from); i += S.length()) {
                FloatVector v = load(x, i);
                FloatVector t = tanhOfGeluArg(v);
                FloatVector du = v.mul(v).mul(3 * GELU_CUBIC * SQRT_2_PI).add(SQRT_2_PI);
                FloatVector slope = t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(du));
                store(load(dOut, i).mul(slope), dx, i);
            }
            for (; i < to; i++) {
                float v = x.get(i);
                float t = tanh(SQRT_2_PI * (v + GELU_CUBIC * v * v * v));
                float du = SQRT_2_PI * (1 + 3 * GELU_CUBIC * v * v);
                dx.put(i, dOut.get(i) * (0.5f * (1 + t) + 0.5f * v * (1 - t * t) * du));
            }
        });
    }

    /**
     * e^x for each lane, clamped to [-87, 88]: {@code x = n·ln2 + f·ln2} with n the nearest integer to x/ln2, then
     * {@code 2^f} by its Taylor series to degree 6 ({@code |f| ≤ 0.5}: relative error below 1e-6) times {@code 2^n}
     * built in the exponent bits. Adding 1.5·2²³ rounds x/ln2 to an integer and leaves it in the low mantissa bits,
     * which become the exponent: no float-to-int conversion (slow in Java 17's Vector API). Exactly the arithmetic of
     * {@link #exp(float)}, lane by lane.
     */
    private static FloatVector exp(FloatVector x) {
        FloatVector y = x.max(EXP_MIN).min(EXP_MAX).mul(LOG2E);
        FloatVector shifted = y.add(ROUND);
        FloatVector f = y.sub(shifted.sub(ROUND)).mul(LN2);
        FloatVector p = f.mul(1f / 720).add(1f / 120).mul(f).add(1f / 24).mul(f).add(1f / 6).mul(f).add(0.5f).mul(f)
                .add(1f).mul(f).add(1f);
        IntVector bits = shifted.reinterpretAsInts().add(127 - ROUND_BITS).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /** The scalar twin of {@link #exp(FloatVector)}, for the elements after the last whole vector. */
    private static float exp(float x) {
        float y = Math.min(Math.max(x, EXP_MIN), EXP_MAX) * LOG2E;
        float shifted = y + ROUND;
        float f = (y - (shifted - ROUND)) * LN2;
        float p = (((((f * (1f / 720) + 1f / 120) * f + 1f / 24) * f + 1f / 6) * f + 0.5f) * f + 1f) * f + 1f;
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(shifted) + 127 - ROUND_BITS) << 23);
    }

    /** The sum of a vector's lanes, added in lane order. */
    private static float sum(FloatVector v) {
        float total = 0;
        for (float lane : v.toArray()) total += lane;
        return total;
    }

    /** tanh(√(2/π)·(v + 0.044715·v³)), as 1 - 2/(e^{2u} + 1), exact at both tails. */
    private static FloatVector tanhOfGeluArg(FloatVector v) {
        FloatVector u = v.mul(v).mul(GELU_CUBIC * SQRT_2_PI).add(SQRT_2_PI).mul(v);
        FloatVector e = exp(u.mul(2f));
        return FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
    }

    private static float tanh(float u) {
        return 1f - 2f / (exp(2 * u) + 1f);
    }

    @Override
    public void toHeads(Tensor src, int cols, int colOffset, Tensor dst, int batch, int seqLen, int nHead,
                        int headDim) {
        copyHeads(dst, src, true, cols, colOffset, batch, seqLen, nHead, headDim);
    }

    @Override
    public void fromHeads(Tensor src, Tensor dst, int cols, int colOffset, int batch, int seqLen, int nHead,
                          int headDim) {
        copyHeads(src, dst, false, cols, colOffset, batch, seqLen, nHead, headDim);
    }

    /**
     * Copies each head's row of {@code headDim} floats between the head layout {@code heads [B·H, T, hd]} and the
     * columns of {@code rows [B·T, cols]}: into the heads when {@code intoHeads}, else out of them.
     */
    private static void copyHeads(Tensor heads, Tensor rows, boolean intoHeads, int cols, int colOffset, int batch,
                                  int seqLen, int nHead, int headDim) {
        int bytes = headDim << 2;
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < nHead; h++) {
                int base = (b * nHead + h) * seqLen * headDim;
                for (int t = 0; t < seqLen; t++) {
                    int headAt = heads.byteIndex(base + t * headDim);
                    int rowAt = rows.byteIndex((b * seqLen + t) * cols + colOffset + h * headDim);
                    if (intoHeads) heads.host().put(headAt, rows.host(), rowAt, bytes);
                    else rows.host().put(rowAt, heads.host(), headAt, bytes);
                }
            }
        }
    }

    @Override
    public void causalSoftmax(Tensor scores, int matrices, int seqLen, float scale) {
        forRanges(matrices * seqLen, 1, (part, from, to) -> {
            for (int row = from; row < to; row++) {
                int o = row * seqLen;
                int len = row % seqLen + 1;
                int vb = bound(len);
                FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                int j = 0;
                for (; j < vb; j += S.length()) acc = acc.max(load(scores, o + j));
                float max = acc.reduceLanes(VectorOperators.MAX);
                for (; j < len; j++) max = Math.max(max, scores.get(o + j));
                float shift = scale * max;
                FloatVector sums = FloatVector.zero(S);
                for (j = 0; j < vb; j += S.length()) {
                    FloatVector e = exp(load(scores, o + j).mul(scale).sub(shift));
                    store(e, scores, o + j);
                    sums = sums.add(e);
                }
                float sum = sum(sums);
                for (; j < len; j++) {
                    float e = exp(scale * scores.get(o + j) - shift);
                    scores.put(o + j, e);
                    sum += e;
                }
                scaleAndZeroTail(scores, o, len, seqLen, 1 / sum);
            }
        });
    }

    /** {@code row[0, len) *= factor; row[len, seqLen) = 0}. */
    private static void scaleAndZeroTail(Tensor row, int o, int len, int seqLen, float factor) {
        int j = 0;
        for (; j < bound(len); j += S.length()) store(load(row, o + j).mul(factor), row, o + j);
        for (; j < len; j++) row.put(o + j, row.get(o + j) * factor);
        for (; j < seqLen; j++) row.put(o + j, 0f);
    }

    @Override
    public void causalSoftmaxBackward(Tensor probs, Tensor dProbs, int matrices, int seqLen, float scale) {
        forRanges(matrices * seqLen, 1, (part, from, to) -> {
            for (int row = from; row < to; row++) {
                int o = row * seqLen;
                int len = row % seqLen + 1;
                int vb = bound(len);
                FloatVector acc = FloatVector.zero(S);
                int j = 0;
                for (; j < vb; j += S.length()) acc = load(probs, o + j).fma(load(dProbs, o + j), acc);
                float dot = sum(acc);
                for (; j < len; j++) dot += probs.get(o + j) * dProbs.get(o + j);
                for (j = 0; j < vb; j += S.length()) {
                    store(load(dProbs, o + j).sub(dot).mul(load(probs, o + j)).mul(scale), dProbs, o + j);
                }
                for (; j < len; j++) dProbs.put(o + j, scale * probs.get(o + j) * (dProbs.get(o + j) - dot));
                for (; j < seqLen; j++) dProbs.put(o + j, 0f);
            }
        });
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets, int rows, int vocab, boolean backward) {
        double[] partLoss = new double[ranges.threads()];
        float invRows = 1f / rows;
        int vb = bound(vocab);
        int parts = forRanges(rows, 1, (part, from, to) -> {
            double total = 0;
            for (int r = from; r < to; r++) {
                int o = r * vocab;
                FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                int j = 0;
                for (; j < vb; j += S.length()) acc = acc.max(load(logits, o + j));
                float max = acc.reduceLanes(VectorOperators.MAX);
                for (; j < vocab; j++) max = Math.max(max, logits.get(o + j));
                FloatVector sums = FloatVector.zero(S);
                for (j = 0; j < vb; j += S.length()) sums = sums.add(exp(load(logits, o + j).sub(max)));
                double sum = sum(sums);
                for (; j < vocab; j++) sum += exp(logits.get(o + j) - max);
                float logSumExp = (float) (max + Math.log(sum));
                total += logSumExp - logits.get(o + targets[r]);
                if (!backward) continue;
                for (j = 0; j < vb; j += S.length()) {
                    store(exp(load(logits, o + j).sub(logSumExp)).mul(invRows), logits, o + j);
                }
                for (; j < vocab; j++) logits.put(o + j, exp(logits.get(o + j) - logSumExp) * invRows);
                logits.put(o + targets[r], logits.get(o + targets[r]) - invRows);
            }
            partLoss[part] = total;
        });
        double total = 0;
        for (int part = 0; part < parts; part++) total += partLoss[part];
        return total / rows;
    }

    /** The zeroed column-sum array of range {@code part}, at least {@code n} floats. */
    private static float[] zeroed(float[][] sums, int part, int n) {
        if (sums[part].length < n) sums[part] = new float[n];
        java.util.Arrays.fill(sums[part], 0, n, 0f);
        return sums[part];
    }
    private static void fillZero(Tensor t, int n) {
        FloatVector zero = FloatVector.zero(S);
        int j = 0;
        for (; j < bound(n); j += S.length()) store(zero, t, j);
        for (; j < n; j++) t.put(j, 0f);
    }

    /** {@code dst = Σ_part sums[part]}, the parts added in order. */
    private static void writeSum(float[][] sums, int parts, Tensor dst, int n) {
        for (int part = 1; part < parts; part++) {
            for (int j = 0; j < n; j++) sums[0][j] += sums[part][j];
        }
        int j = 0;
        for (; j < bound(n); j += S.length()) store(FloatVector.fromArray(S, sums[0], j), dst, j);
        for (; j < n; j++) dst.put(j, sums[0][j]);
    }
}
