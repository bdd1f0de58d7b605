package dev.ladder.trainer.model.fast;

/**
 * The fast engine's fused element-wise kernels: everything but the matrix products. Matrices are row-major
 * {@code [rows, cols]}; attention tensors are {@code [batch·nHead, seqLen, ·]}. Two implementations compute the same
 * float32 results: {@link HostKernels} (Java loops over host memory, the CPU default) and {@link Nd4jKernels} (ND4J
 * operations, any backend; what a GPU runs).
 */
interface Kernels {

    /** Token plus position embedding: {@code out[n] = wte[tokens[n]] + wpe[n mod seqLen]}. */
    void embed(Tensor wte, Tensor wpe, int[] tokens, Tensor out, int seqLen, int dModel);

    /**
     * Embedding backward: {@code dWpe[t] = Σ_b dOut[b·seqLen + t]} (overwrites) and {@code dWte[tokens[n]] += dOut[n]},
     * added to dWte when {@code addToWte} (a tied head wrote it first), else to zeros.
     */
    void embedBackward(Tensor dOut, int[] tokens, Tensor dWte, boolean addToWte, Tensor dWpe, int seqLen,
                       int dModel);

    /**
     * LayerNorm of each row: {@code out = (x - μ)·rstd·gain + bias} with {@code rstd = 1/√(σ² + 1e-5)} and the
     * biased variance; saves μ and rstd per row for the backward pass.
     */
    void layerNorm(Tensor x, Tensor gain, Tensor bias, Tensor out, Tensor mean, Tensor rstd, int rows, int cols);

    /**
     * LayerNorm backward, with {@code x̂ = (x - μ)·rstd} and {@code ĝ = gain·dOut}:
     * {@code dx = rstd·(ĝ - mean(ĝ) - x̂·mean(ĝ·x̂))}, added to {@code dx} when {@code accumulate}, else written;
     * {@code dGain = Σ_rows dOut·x̂} and {@code dBias = Σ_rows dOut} (overwritten).
     */
    void layerNormBackward(Tensor dOut, Tensor x, Tensor gain, Tensor mean, Tensor rstd, Tensor dx, boolean accumulate,
                           Tensor dGain, Tensor dBias, int rows, int cols);

    /** Bias rows: {@code out[r] = residual[r] + bias}, or {@code out[r] = bias} when residual is null. */
    void biasRows(Tensor residual, Tensor bias, Tensor out, int rows, int cols);

    /** Bias gradient: {@code dBias = Σ_rows dOut} (overwritten). */
    void biasGradient(Tensor dOut, Tensor dBias, int rows, int cols);

    /** GPT-2's GELU: {@code out = 0.5·x·(1 + tanh(u))}, {@code u = √(2/π)·(x + 0.044715·x³)}. */
    void gelu(Tensor x, Tensor out, int n);

    /**
     * GELU backward: {@code dx = dOut·(0.5·(1 + tanh(u)) + 0.5·x·(1 - tanh²(u))·√(2/π)·(1 + 3·0.044715·x²))};
     * {@code dx} may be {@code dOut}.
     */
    void geluBackward(Tensor dOut, Tensor x, Tensor dx, int n);

    /**
     * Columns {@code [colOffset, colOffset + nHead·headDim)} of {@code src [batch·seqLen, cols]} into head layout:
     * {@code dst[b·nHead + h, t, i] = src[b·seqLen + t, colOffset + h·headDim + i]}.
     */
    void toHeads(Tensor src, int cols, int colOffset, Tensor dst, int batch, int seqLen, int nHead, int headDim);

    /** The inverse of {@link #toHeads}: head-layout {@code src} into columns of {@code dst [batch·seqLen, cols]}. */
    void fromHeads(Tensor src, Tensor dst, int cols, int colOffset, int batch, int seqLen, int nHead, int headDim);

    /**
     * Causal softmax of attention scores in place, per row t of each {@code [seqLen, seqLen]} matrix:
     * {@code p[t, j] = exp(scale·s[t, j] - m) / Σ_{j' ≤ t} exp(scale·s[t, j'] - m)} for {@code j ≤ t}, else 0.
     */
    void causalSoftmax(Tensor scores, int matrices, int seqLen, float scale);

    /**
     * Causal softmax backward in place: {@code dScores = scale·p·(dP - Σ_j p·dP)}, zero above the diagonal;
     * {@code dProbs} holds dP on entry and dScores on return.
     */
    void causalSoftmaxBackward(Tensor probs, Tensor dProbs, int matrices, int seqLen, float scale);

    /**
     * Mean cross-entropy over rows, {@code (1/rows)·Σ_r (logsumexp(x_r) - x_r[target_r])}, nats. When
     * {@code backward}, overwrites the logits with its gradient {@code (softmax(x_r) - onehot(target_r)) / rows}.
     */
    double crossEntropy(Tensor logits, int[] targets, int rows, int vocab, boolean backward);
}
