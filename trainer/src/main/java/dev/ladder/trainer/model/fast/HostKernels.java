package dev.ladder.trainer.model.fast;

/**
 * The kernels as plain Java loops over the host memory of ND4J's arrays: one pass over the data per kernel, no
 * temporaries, no native calls. Only for the CPU backend (a GPU's arrays have no host memory to loop over).
 * Sums are accumulated in float except where noted; the formulas are those of {@link Kernels}.
 */
final class HostKernels implements Kernels {

    private static final float SQRT_2_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float GELU_CUBIC = 0.044715f;
    private static final float LN_EPS = 1e-5f;

    @Override
    public void embed(Tensor wte, Tensor wpe, int[] tokens, Tensor out, int seqLen, int dModel) {
        for (int n = 0; n < tokens.length; n++) {
            int tok = tokens[n] * dModel;
            int pos = (n % seqLen) * dModel;
            int o = n * dModel;
            for (int j = 0; j < dModel; j++) out.put(o + j, wte.get(tok + j) + wpe.get(pos + j));
        }
    }

    @Override
    public void embedBackward(Tensor dOut, int[] tokens, Tensor dWte, Tensor dWpe, int seqLen, int dModel) {
        for (int j = 0; j < seqLen * dModel; j++) dWpe.put(j, 0f);
        for (int n = 0; n < tokens.length; n++) {
            int tok = tokens[n] * dModel;
            int pos = (n % seqLen) * dModel;
            int o = n * dModel;
            for (int j = 0; j < dModel; j++) {
                float dy = dOut.get(o + j);
                dWte.put(tok + j, dWte.get(tok + j) + dy);
                dWpe.put(pos + j, dWpe.get(pos + j) + dy);
            }
        }
    }

    @Override
    public void layerNorm(Tensor x, Tensor gain, Tensor bias, Tensor out, Tensor mean, Tensor rstd, int rows,
                          int cols) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float sum = 0;
            for (int j = 0; j < cols; j++) sum += x.get(o + j);
            float mu = sum / cols;
            float squares = 0;
            for (int j = 0; j < cols; j++) {
                float c = x.get(o + j) - mu;
                squares += c * c;
            }
            float s = (float) (1 / Math.sqrt(squares / cols + LN_EPS));
            for (int j = 0; j < cols; j++) out.put(o + j, (x.get(o + j) - mu) * s * gain.get(j) + bias.get(j));
            mean.put(r, mu);
            rstd.put(r, s);
        }
    }

    @Override
    public void layerNormBackward(Tensor dOut, Tensor x, Tensor gain, Tensor mean, Tensor rstd, Tensor dx,
                                  boolean accumulate, Tensor dGain, Tensor dBias, int rows, int cols) {
        for (int j = 0; j < cols; j++) {
            dGain.put(j, 0f);
            dBias.put(j, 0f);
        }
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float mu = mean.get(r);
            float s = rstd.get(r);
            float meanG = 0;
            float meanGx = 0;
            for (int j = 0; j < cols; j++) {
                float dy = dOut.get(o + j);
                float xHat = (x.get(o + j) - mu) * s;
                float gHat = gain.get(j) * dy;
                meanG += gHat;
                meanGx += gHat * xHat;
                dGain.put(j, dGain.get(j) + dy * xHat);
                dBias.put(j, dBias.get(j) + dy);
            }
            meanG /= cols;
            meanGx /= cols;
            for (int j = 0; j < cols; j++) {
                float xHat = (x.get(o + j) - mu) * s;
                float value = s * (gain.get(j) * dOut.get(o + j) - meanG - xHat * meanGx);
                dx.put(o + j, accumulate ? dx.get(o + j) + value : value);
            }
        }
    }

    @Override
    public void biasRows(Tensor residual, Tensor bias, Tensor out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            if (residual == null) {
                for (int j = 0; j < cols; j++) out.put(o + j, bias.get(j));
            } else {
                for (int j = 0; j < cols; j++) out.put(o + j, residual.get(o + j) + bias.get(j));
            }
        }
    }

    @Override
    public void biasGradient(Tensor dOut, Tensor dBias, int rows, int cols) {
        for (int j = 0; j < cols; j++) dBias.put(j, 0f);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) dBias.put(j, dBias.get(j) + dOut.get(o + j));
        }
    }

    @Override
    public void gelu(Tensor x, Tensor out, int n) {
        for (int i = 0; i < n; i++) {
            float v = x.get(i);
            out.put(i, 0.5f * v * (1 + tanh(SQRT_2_PI * (v + GELU_CUBIC * v * v * v))));
        }
    }

    @Override
    public void geluBackward(Tensor dOut, Tensor x, Tensor dx, int n) {
        for (int i = 0; i < n; i++) {
            float v = x.get(i);
            float t = tanh(SQRT_2_PI * (v + GELU_CUBIC * v * v * v));
            float du = SQRT_2_PI * (1 + 3 * GELU_CUBIC * v * v);
            dx.put(i, dOut.get(i) * (0.5f * (1 + t) + 0.5f * v * (1 - t * t) * du));
        }
    }

    /** tanh(u) = 1 - 2/(e^{2u} + 1): exact at both tails (e^{2u} overflowing to ∞ gives 1, underflowing gives -1). */
    private static float tanh(float u) {
        return 1f - 2f / ((float) Math.exp(2 * u) + 1f);
    }

    @Override
    public void toHeads(Tensor src, int cols, int colOffset, Tensor dst, int batch, int seqLen, int nHead,
                        int headDim) {
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < nHead; h++) {
                int base = (b * nHead + h) * seqLen * headDim;
                for (int t = 0; t < seqLen; t++) {
                    int s = (b * seqLen + t) * cols + colOffset + h * headDim;
                    int o = base + t * headDim;
                    for (int i = 0; i < headDim; i++) dst.put(o + i, src.get(s + i));
                }
            }
        }
    }

    @Override
    public void fromHeads(Tensor src, Tensor dst, int cols, int colOffset, int batch, int seqLen, int nHead,
                          int headDim) {
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < nHead; h++) {
                int base = (b * nHead + h) * seqLen * headDim;
                for (int t = 0; t < seqLen; t++) {
                    int o = (b * seqLen + t) * cols + colOffset + h * headDim;
                    int s = base + t * headDim;
                    for (int i = 0; i < headDim; i++) dst.put(o + i, src.get(s + i));
                }
            }
        }
    }

    @Override
    public void causalSoftmax(Tensor scores, int matrices, int seqLen, float scale) {
        for (int mat = 0; mat < matrices; mat++) {
            for (int t = 0; t < seqLen; t++) {
                int o = (mat * seqLen + t) * seqLen;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j <= t; j++) max = Math.max(max, scale * scores.get(o + j));
                float sum = 0;
                for (int j = 0; j <= t; j++) {
                    float e = (float) Math.exp(scale * scores.get(o + j) - max);
                    scores.put(o + j, e);
                    sum += e;
                }
                float inv = 1 / sum;
                for (int j = 0; j <= t; j++) scores.put(o + j, scores.get(o + j) * inv);
                for (int j = t + 1; j < seqLen; j++) scores.put(o + j, 0f);
            }
        }
    }

    @Override
    public void causalSoftmaxBackward(Tensor probs, Tensor dProbs, int matrices, int seqLen, float scale) {
        for (int mat = 0; mat < matrices; mat++) {
            for (int t = 0; t < seqLen; t++) {
                int o = (mat * seqLen + t) * seqLen;
                float dot = 0;
                for (int j = 0; j <= t; j++) dot += probs.get(o + j) * dProbs.get(o + j);
                for (int j = 0; j <= t; j++) dProbs.put(o + j, scale * probs.get(o + j) * (dProbs.get(o + j) - dot));
                for (int j = t + 1; j < seqLen; j++) dProbs.put(o + j, 0f);
            }
        }
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets, int rows, int vocab, boolean backward) {
        double total = 0;
        float invRows = 1f / rows;
        for (int r = 0; r < rows; r++) {
            int o = r * vocab;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < vocab; j++) max = Math.max(max, logits.get(o + j));
            double sum = 0;
            for (int j = 0; j < vocab; j++) sum += Math.exp(logits.get(o + j) - max);
            double logSumExp = max + Math.log(sum);
            total += logSumExp - logits.get(o + targets[r]);
            if (backward) {
                for (int j = 0; j < vocab; j++) {
                    logits.put(o + j, (float) Math.exp(logits.get(o + j) - logSumExp) * invRows);
                }
                logits.put(o + targets[r], logits.get(o + targets[r]) - invRows);
            }
        }
        return total / rows;
    }
}
