package dev.ladder.trainer.model.fast;

/**
 * The kernels as Java loops over the host memory of ND4J's arrays, vectorised with the JDK's Vector API (SIMD lanes,
 * and vectorised exp): one pass over the data per kernel, no native calls. Only for the CPU backend (a GPU's arrays
 * have no host memory to loop over) and only when the JVM runs with {@code --add-modules jdk.incubator.vector}
 * ({@link FastEngine#hostKernelsAvailable()}; without it this class cannot load).
 *
 * <p>Each kernel walks rows here and hands each row's whole vectors to a loop of {@link HostLoops} (compiled on its
 * own, so the JIT keeps every vector in registers; see there), then does the elements after the last whole vector one
 * by one. Results are bit-for-bit reproducible ({@link Lanes}).
 *
 * <p>With several threads, each kernel splits its rows into one contiguous range per thread ({@link Ranges});
 * column sums add the ranges' partial sums in range order, so results depend on the thread count but not on timing.
 */
final class HostKernels implements Kernels {

    private static final float LN_EPS = 1e-5f;

    private final Ranges ranges;
    /** Per range: column sums in progress (biasGradient, layerNormBackward); grown on demand, reused. */
    private final float[][] sumA;
    private final float[][] sumB;
    /** Per range: the GELU kernels' σ for one chunk. */
    private final float[][] sigmas;

    /** @param ranges how kernels split their rows over the run's threads */
    HostKernels(Ranges ranges) {
        this.ranges = ranges;
        this.sumA = new float[ranges.threads()][0];
        this.sumB = new float[ranges.threads()][0];
        this.sigmas = new float[ranges.threads()][CHUNK];
    }

    private int forRanges(int count, int align, Ranges.Body body) {
        return ranges.run(count, align, body);
    }

    // ------------------------------------------------------------------------------------------------- embedding

    @Override
    public void embed(Tensor wte, Tensor wpe, int[] tokens, Tensor out, int seqLen, int dModel) {
        for (int n = 0; n < tokens.length; n++) {
            int tok = tokens[n] * dModel;
            int pos = (n % seqLen) * dModel;
            int o = n * dModel;
            int whole = HostLoops.addVectors(wte, tok, wpe, pos, out, o, dModel);
            for (int j = whole; j < dModel; j++) out.put(o + j, wte.get(tok + j) + wpe.get(pos + j));
        }
    }

    @Override
    public void embedBackward(Tensor dOut, int[] tokens, Tensor dWte, boolean addToWte, Tensor dWpe, int seqLen,
                              int dModel) {
        HostLoops.zero(dWpe, 0, seqLen * dModel);
        if (!addToWte) HostLoops.zero(dWte, 0, dWte.length());
        for (int n = 0; n < tokens.length; n++) {
            int o = n * dModel;
            addInto(dOut, o, dWte, tokens[n] * dModel, dModel);
            addInto(dOut, o, dWpe, (n % seqLen) * dModel, dModel);
        }
    }

    /** {@code dst[d + j] += src[s + j]} for j below n. */
    private static void addInto(Tensor src, int s, Tensor dst, int d, int n) {
        int whole = HostLoops.addVectors(dst, d, src, s, dst, d, n);
        for (int j = whole; j < n; j++) dst.put(d + j, dst.get(d + j) + src.get(s + j));
    }

    // ------------------------------------------------------------------------------------------------- LayerNorm

    @Override
    public void layerNorm(Tensor x, Tensor gain, Tensor bias, Tensor out, Tensor mean, Tensor rstd, int rows,
                          int cols) {
        forRanges(rows, 1, (part, from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * cols;
                float mu = sum(x, o, cols) / cols;
                float s = (float) (1 / Math.sqrt(HostLoops.squaredDeviations(x, o, cols, mu) / cols + LN_EPS));
                int whole = HostLoops.normalize(x, gain, bias, out, o, cols, mu, s);
                for (int j = whole; j < cols; j++) out.put(o + j, (x.get(o + j) - mu) * s * gain.get(j) + bias.get(j));
                mean.put(r, mu);
                rstd.put(r, s);
            }
        });
    }

    /** {@code Σ_j t[o + j]} for j below n: whole vectors, then the rest in order. */
    private static float sum(Tensor t, int o, int n) {
        int whole = Lanes.bound(n);
        float total = HostLoops.sumVectors(t, o, whole);
        for (int j = whole; j < n; j++) total += t.get(o + j);
        return total;
    }

    @Override
    public void layerNormBackward(Tensor dOut, Tensor x, Tensor gain, Tensor mean, Tensor rstd, Tensor dx,
                                  boolean accumulate, Tensor dGain, Tensor dBias, int rows, int cols) {
        int parts = forRanges(rows, 1, (part, from, to) -> {
            float[] dg = zeroed(sumA, part, cols);
            float[] db = zeroed(sumB, part, cols);
            for (int r = from; r < to; r++) {
                int o = r * cols;
                float mu = mean.get(r);
                float s = rstd.get(r);
                int whole = HostLoops.gainAndBiasSums(dOut, x, o, cols, mu, s, dg, db);
                float meanG = dot(dOut, o, gain, 0, cols) / cols;
                float meanGx = HostLoops.dotNormalized(dOut, x, gain, o, cols, mu, s) / cols;
                if (accumulate) HostLoops.layerNormDxAdd(dOut, x, gain, dx, o, whole, mu, s, meanG, meanGx);
                else HostLoops.layerNormDx(dOut, x, gain, dx, o, whole, mu, s, meanG, meanGx);
                for (int j = whole; j < cols; j++) {
                    float dy = dOut.get(o + j);
                    float xHat = (x.get(o + j) - mu) * s;
                    dg[j] += dy * xHat;
                    db[j] += dy;
                    float value = s * (gain.get(j) * dy - meanG - xHat * meanGx);
                    dx.put(o + j, accumulate ? dx.get(o + j) + value : value);
                }
            }
        });
        writeSum(sumA, parts, dGain, cols);
        writeSum(sumB, parts, dBias, cols);
    }

    /** {@code Σ_j a[ao + j]·b[bo + j]} for j below n: whole vectors, then the rest in order. */
    private static float dot(Tensor a, int ao, Tensor b, int bo, int n) {
        int whole = Lanes.bound(n);
        float total = HostLoops.dotVectors(a, ao, b, bo, whole);
        for (int j = whole; j < n; j++) total += a.get(ao + j) * b.get(bo + j);
        return total;
    }

    // ---------------------------------------------------------------------------------------------------- biases

    @Override
    public void biasRows(Tensor residual, Tensor bias, Tensor out, int rows, int cols) {
        forRanges(rows, 1, (part, from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * cols;
                if (residual == null) {
                    int whole = HostLoops.copyVectors(bias, 0, out, o, cols);
                    for (int j = whole; j < cols; j++) out.put(o + j, bias.get(j));
                } else {
                    int whole = HostLoops.addVectors(residual, o, bias, 0, out, o, cols);
                    for (int j = whole; j < cols; j++) out.put(o + j, residual.get(o + j) + bias.get(j));
                }
            }
        });
    }

    @Override
    public void biasGradient(Tensor dOut, Tensor dBias, int rows, int cols) {
        int parts = forRanges(rows, 1, (part, from, to) -> {
            float[] sum = zeroed(sumA, part, cols);
            for (int r = from; r < to; r++) {
                int o = r * cols;
                int whole = HostLoops.addToArray(dOut, o, sum, cols);
                for (int j = whole; j < cols; j++) sum[j] += dOut.get(o + j);
            }
        });
        writeSum(sumA, parts, dBias, cols);
    }

    // ------------------------------------------------------------------------------------------------------ GELU

    /**
     * GELU as {@code x·σ} with {@code σ = e/(e + 1)}, {@code e = exp(2u)}: the same as {@code 0.5·x·(1 + tanh(u))},
     * since {@code 1 + tanh(u) = 2e/(e + 1)}. Each chunk of a range takes two passes: σ into a scratch array, then
     * the output from it: one loop doing both ran past C2's inlining cutoff even compiled alone ({@link HostLoops}).
     */
    @Override
    public void gelu(Tensor x, Tensor out, int n) {
        forRanges(n, Lanes.S.length(), (part, from, to) -> {
            float[] sigma = sigmas[part];
            for (int c = from; c < to; c += CHUNK) {
                int len = Math.min(CHUNK, to - c);
                int whole = HostLoops.geluSigma(x, c, len, sigma);
                HostLoops.geluOut(x, sigma, out, c, whole);
                for (int j = whole; j < len; j++) {
                    float v = x.get(c + j);
                    out.put(c + j, v * HostLoops.geluSigma(v));
                }
            }
        });
    }

    /** Elements per chunk of the GELU kernels' two passes. */
    private static final int CHUNK = 256;

    /**
     * GELU backward: with σ as in {@link #gelu}, {@code tanh(u) = 2σ - 1}, so the slope
     * {@code 0.5·(1 + tanh u) + 0.5·x·(1 - tanh² u)·du} is {@code σ + 2·x·σ·(1 - σ)·du}. dx may be dOut: σ goes to
     * the scratch array, not to dx.
     */
    @Override
    public void geluBackward(Tensor dOut, Tensor x, Tensor dx, int n) {
        forRanges(n, Lanes.S.length(), (part, from, to) -> {
            float[] sigma = sigmas[part];
            for (int c = from; c < to; c += CHUNK) {
                int len = Math.min(CHUNK, to - c);
                int whole = HostLoops.geluSigma(x, c, len, sigma);
                HostLoops.geluSlope(dOut, x, sigma, dx, c, whole);
                for (int j = whole; j < len; j++) {
                    float v = x.get(c + j);
                    dx.put(c + j, dOut.get(c + j) * HostLoops.geluSlope(v));
                }
            }
        });
    }

    // -------------------------------------------------------------------------------------------------- heads

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

    // ---------------------------------------------------------------------------------------------- attention

    @Override
    public void causalSoftmax(Tensor scores, int matrices, int seqLen, float scale) {
        forRanges(matrices * seqLen, 1, (part, from, to) -> {
            for (int row = from; row < to; row++) softmaxRow(scores, row * seqLen, row % seqLen + 1, seqLen, scale);
        });
    }

    /**
     * One row's causal softmax over its first {@code len} of {@code seqLen} scores, zeros after. When a whole vector
     * from the last one's start fits in the row, the partial vector is loaded whole and masked ({@link Lanes#KEEP},
     * {@link Lanes#DROP}; the lanes past len hold the unmasked products, finite); else its elements go one by one.
     */
    private static void softmaxRow(Tensor s, int o, int len, int seqLen, float scale) {
        int whole = Lanes.bound(len);
        int tail = len - whole;
        boolean masked = tail > 0 && whole + Lanes.S.length() <= seqLen;
        float max = HostLoops.maxVectors(s, o, whole);
        if (masked) max = Math.max(max, HostLoops.maskedMax(s, o + whole, tail));
        else for (int j = whole; j < len; j++) max = Math.max(max, s.get(o + j));
        float shift = scale * max;
        int done = masked ? whole + Lanes.S.length() : whole;
        HostLoops.expVectors(s, o, whole, scale, shift);
        if (masked) HostLoops.expMasked(s, o + whole, tail, scale, shift);
        float sum = HostLoops.sumVectors(s, o, done);
        for (int j = done; j < len; j++) {
            float e = Lanes.exp(scale * s.get(o + j) - shift);
            s.put(o + j, e);
            sum += e;
        }
        float factor = 1 / sum;
        HostLoops.scaleVectors(s, o, done, factor);
        for (int j = done; j < len; j++) s.put(o + j, s.get(o + j) * factor);
        int end = Math.max(done, len);
        HostLoops.zero(s, o + end, seqLen - end);
    }

    @Override
    public void causalSoftmaxBackward(Tensor probs, Tensor dProbs, int matrices, int seqLen, float scale) {
        forRanges(matrices * seqLen, 1, (part, from, to) -> {
            for (int row = from; row < to; row++) {
                softmaxBackwardRow(probs, dProbs, row * seqLen, row % seqLen + 1, seqLen, scale);
            }
        });
    }

    /**
     * One row of the softmax backward. The probabilities are 0 past {@code len} (the forward pass wrote them), so
     * whole vectors may run past it when they fit in the row: their extra lanes add 0 to the dot product and come
     * out 0.
     */
    private static void softmaxBackwardRow(Tensor p, Tensor dp, int o, int len, int seqLen, float scale) {
        int whole = Lanes.bound(Math.min(seqLen, Lanes.bound(len + Lanes.S.length() - 1)));
        float dot = HostLoops.dotVectors(p, o, dp, o, whole);
        for (int j = whole; j < len; j++) dot += p.get(o + j) * dp.get(o + j);
        HostLoops.softmaxBackwardVectors(p, dp, o, whole, dot, scale);
        for (int j = whole; j < len; j++) dp.put(o + j, scale * p.get(o + j) * (dp.get(o + j) - dot));
        int end = Math.max(whole, len);
        HostLoops.zero(dp, o + end, seqLen - end);
    }

    // ------------------------------------------------------------------------------------------- cross-entropy

    @Override
    public double crossEntropy(Tensor logits, int[] targets, int rows, int vocab, boolean backward) {
        double[] partLoss = new double[ranges.threads()];
        float invRows = 1f / rows;
        int whole = Lanes.bound(vocab);
        int parts = forRanges(rows, 1, (part, from, to) -> {
            double total = 0;
            for (int r = from; r < to; r++) {
                int o = r * vocab;
                float max = HostLoops.maxVectors(logits, o, whole);
                for (int j = whole; j < vocab; j++) max = Math.max(max, logits.get(o + j));
                double sum = HostLoops.expSum(logits, o, whole, max);
                for (int j = whole; j < vocab; j++) sum += Lanes.exp(logits.get(o + j) - max);
                float logSumExp = (float) (max + Math.log(sum));
                total += logSumExp - logits.get(o + targets[r]);
                if (!backward) continue;
                HostLoops.softmaxOver(logits, o, whole, logSumExp, invRows);
                for (int j = whole; j < vocab; j++) {
                    logits.put(o + j, Lanes.exp(logits.get(o + j) - logSumExp) * invRows);
                }
                logits.put(o + targets[r], logits.get(o + targets[r]) - invRows);
            }
            partLoss[part] = total;
        });
        double total = 0;
        for (int part = 0; part < parts; part++) total += partLoss[part];
        return total / rows;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The zeroed column-sum array of range {@code part}, at least {@code n} floats. */
    private static float[] zeroed(float[][] sums, int part, int n) {
        if (sums[part].length < n) sums[part] = new float[n];
        java.util.Arrays.fill(sums[part], 0, n, 0f);
        return sums[part];
    }

    /** {@code dst = Σ_part sums[part]}, the parts added in order. */
    private static void writeSum(float[][] sums, int parts, Tensor dst, int n) {
        for (int part = 1; part < parts; part++) {
            for (int j = 0; j < n; j++) sums[0][j] += sums[part][j];
        }
        int whole = HostLoops.copyFromArray(sums[0], dst, n);
        for (int j = whole; j < n; j++) dst.put(j, sums[0][j]);
    }
}
