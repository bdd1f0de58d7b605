package dev.ladder.trainer.model.fast;

/** The kernels as ND4J operations, for any backend. (Being written.) */
final class Nd4jKernels implements Kernels {

    @Override
    public void embed(Tensor wte, Tensor wpe, int[] tokens, Tensor out, int seqLen, int dModel) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void embedBackward(Tensor dOut, int[] tokens, Tensor dWte, Tensor dWpe, int seqLen, int dModel) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void layerNorm(Tensor x, Tensor gain, Tensor bias, Tensor out, Tensor mean, Tensor rstd, int rows, int cols) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void layerNormBackward(Tensor dOut, Tensor x, Tensor gain, Tensor mean, Tensor rstd, Tensor dx, boolean accumulate, Tensor dGain, Tensor dBias, int rows, int cols) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void biasRows(Tensor residual, Tensor bias, Tensor out, int rows, int cols) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void biasGradient(Tensor dOut, Tensor dBias, int rows, int cols) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void gelu(Tensor x, Tensor out, int n) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void geluBackward(Tensor dOut, Tensor x, Tensor dx, int n) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void toHeads(Tensor src, int cols, int colOffset, Tensor dst, int batch, int seqLen, int nHead, int headDim) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void fromHeads(Tensor src, Tensor dst, int cols, int colOffset, int batch, int seqLen, int nHead, int headDim) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void causalSoftmax(Tensor scores, int matrices, int seqLen, float scale) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void causalSoftmaxBackward(Tensor probs, Tensor dProbs, int matrices, int seqLen, float scale) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets, int rows, int vocab, boolean backward) {
        throw new UnsupportedOperationException("not yet");
    }
}
