package dev.ladder.trainer.model.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Each kernel of {@link Nd4jKernels} against {@link HostKernels} on the same random inputs: the parity the GPU path
 * relies on. Every tensor is a view at an offset into a larger buffer, as the parameters and gradients are.
 */
class Nd4jKernelsTest {

    private static final double TOLERANCE = 1e-5;
    private static final int BATCH = 3;
    private static final int SEQ = 7;
    private static final int HEADS = 3;
    private static final int HEAD_DIM = 4;
    private static final int D = HEADS * HEAD_DIM;
    private static final int ROWS = BATCH * SEQ;

    private final Kernels host = new HostKernels(new Ranges(2));
    private final Kernels nd4j = new Nd4jKernels();
    private final Random random = new Random(11);

    /** The same values in two tensors, one per implementation. */
    private record Pair(Tensor host, Tensor nd4j) { }

    /** Gaussian values times {@code scale}, in a view that starts 5 elements into its buffer. */
    private Pair random(double scale, long... shape) {
        long length = 1;
        for (long s : shape) length *= s;
        float[] values = new float[Math.toIntExact(length + 9)];
        for (int i = 0; i < values.length; i++) values[i] = (float) (scale * random.nextGaussian());
        return new Pair(view(values, shape), view(values, shape));
    }

    private static Tensor view(float[] values, long... shape) {
        INDArray buffer = Nd4j.createFromArray(values.clone());
        long length = buffer.length() - 9;
        return Tensor.of(buffer.get(NDArrayIndex.interval(5, 5 + length)).reshape('c', shape), true);
    }

    private int[] ids(int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = random.nextInt(vocab);
        return ids;
    }

    private static void assertSame(String what, Pair pair) {
        INDArray want = pair.host().array();
        INDArray got = pair.nd4j().array();
        double scale = Math.max(want.amaxNumber().doubleValue(), 1e-12);
        assertThat(got.sub(want).amaxNumber().doubleValue() / scale).as(what).isLessThan(TOLERANCE);
    }

    @Test
    void embeddingAndItsBackwardMatchWithRepeatedTokens() {
        int vocab = 5;
        int[] tokens = ids(ROWS, vocab);
        Pair wte = random(1, vocab, D);
        Pair wpe = random(1, SEQ, D);
        Pair out = random(1, ROWS, D);
        host.embed(wte.host(), wpe.host(), tokens, out.host(), SEQ, D);
        nd4j.embed(wte.nd4j(), wpe.nd4j(), tokens, out.nd4j(), SEQ, D);
        assertSame("embed", out);

        for (boolean addToWte : new boolean[] {true, false}) {
            Pair dWte = random(1, vocab, D);
            Pair dWpe = random(1, SEQ, D);
            host.embedBackward(out.host(), tokens, dWte.host(), addToWte, dWpe.host(), SEQ, D);
            nd4j.embedBackward(out.nd4j(), tokens, dWte.nd4j(), addToWte, dWpe.nd4j(), SEQ, D);
            assertSame("dWte, addToWte " + addToWte, dWte);
            assertSame("dWpe", dWpe);
        }
    }

    @ParameterizedTest(name = "accumulate={0}")
    @ValueSource(booleans = {false, true})
    void layerNormAndItsBackwardMatch(boolean accumulate) {
        Pair x = random(2, ROWS, D);
        Pair gain = random(1, D);
        Pair bias = random(1, D);
        Pair out = random(1, ROWS, D);
        Pair mean = random(1, ROWS);
        Pair rstd = random(1, ROWS);
        host.layerNorm(x.host(), gain.host(), bias.host(), out.host(), mean.host(), rstd.host(), ROWS, D);
        nd4j.layerNorm(x.nd4j(), gain.nd4j(), bias.nd4j(), out.nd4j(), mean.nd4j(), rstd.nd4j(), ROWS, D);
        assertSame("out", out);
        assertSame("mean", mean);
        assertSame("rstd", rstd);

        Pair dOut = random(1, ROWS, D);
        Pair dx = random(1, ROWS, D);
        Pair dGain = random(1, D);
        Pair dBias = random(1, D);
        host.layerNormBackward(dOut.host(), x.host(), gain.host(), mean.host(), rstd.host(), dx.host(), accumulate,
                dGain.host(), dBias.host(), ROWS, D);
        nd4j.layerNormBackward(dOut.nd4j(), x.nd4j(), gain.nd4j(), mean.nd4j(), rstd.nd4j(), dx.nd4j(), accumulate,
                dGain.nd4j(), dBias.nd4j(), ROWS, D);
        assertSame("dx", dx);
        assertSame("dGain", dGain);
        assertSame("dBias", dBias);
    }

    @Test
    void biasRowsAndBiasGradientMatch() {
        Pair residual = random(1, ROWS, D);
        Pair bias = random(1, D);
        Pair out = random(1, ROWS, D);
        host.biasRows(residual.host(), bias.host(), out.host(), ROWS, D);
        nd4j.biasRows(residual.nd4j(), bias.nd4j(), out.nd4j(), ROWS, D);
        assertSame("residual + bias", out);
        host.biasRows(null, bias.host(), out.host(), ROWS, D);
        nd4j.biasRows(null, bias.nd4j(), out.nd4j(), ROWS, D);
        assertSame("bias", out);

        Pair dBias = random(1, D);
        host.biasGradient(residual.host(), dBias.host(), ROWS, D);
        nd4j.biasGradient(residual.nd4j(), dBias.nd4j(), ROWS, D);
        assertSame("dBias", dBias);
    }

    @Test
    void geluAndItsBackwardInPlaceMatch() {
        int n = ROWS * 4 * D;
        Pair x = random(3, ROWS, 4 * D);
        x.host().put(0, 30f);
        x.nd4j().put(0, 30f);
        x.host().put(1, -30f);
        x.nd4j().put(1, -30f);
        Pair out = random(1, ROWS, 4 * D);
        host.gelu(x.host(), out.host(), n);
        nd4j.gelu(x.nd4j(), out.nd4j(), n);
        assertSame("gelu", out);

        Pair dOut = random(1, ROWS, 4 * D);
        host.geluBackward(dOut.host(), x.host(), dOut.host(), n);
        nd4j.geluBackward(dOut.nd4j(), x.nd4j(), dOut.nd4j(), n);
        assertSame("dx", dOut);
    }

    @Test
    void toHeadsAndFromHeadsMatchAndInvertEachOther() {
        Pair qkv = random(1, ROWS, 3 * D);
        for (int part = 0; part < 3; part++) {
            Pair heads = random(1, BATCH * HEADS, SEQ, HEAD_DIM);
            host.toHeads(qkv.host(), 3 * D, part * D, heads.host(), BATCH, SEQ, HEADS, HEAD_DIM);
            nd4j.toHeads(qkv.nd4j(), 3 * D, part * D, heads.nd4j(), BATCH, SEQ, HEADS, HEAD_DIM);
            assertSame("toHeads " + part, heads);

            Pair merged = random(1, ROWS, 3 * D);
            host.fromHeads(heads.host(), merged.host(), 3 * D, part * D, BATCH, SEQ, HEADS, HEAD_DIM);
            nd4j.fromHeads(heads.nd4j(), merged.nd4j(), 3 * D, part * D, BATCH, SEQ, HEADS, HEAD_DIM);
            assertSame("fromHeads " + part, merged);
            INDArray columns = merged.nd4j().array().get(NDArrayIndex.all(), NDArrayIndex.interval(part * D,
                    (part + 1) * D));
            assertThat(columns).isEqualTo(qkv.nd4j().array().get(NDArrayIndex.all(), NDArrayIndex.interval(part * D,
                    (part + 1) * D)));
        }
    }

    @Test
    void causalSoftmaxAndItsBackwardMatchAndAreZeroAboveTheDiagonal() {
        int matrices = BATCH * HEADS;
        float scale = 0.5f;
        Pair scores = random(3, matrices, SEQ, SEQ);
        host.causalSoftmax(scores.host(), matrices, SEQ, scale);
        nd4j.causalSoftmax(scores.nd4j(), matrices, SEQ, scale);
        assertSame("probs", scores);

        Pair dProbs = random(1, matrices, SEQ, SEQ);
        host.causalSoftmaxBackward(scores.host(), dProbs.host(), matrices, SEQ, scale);
        nd4j.causalSoftmaxBackward(scores.nd4j(), dProbs.nd4j(), matrices, SEQ, scale);
        assertSame("dScores", dProbs);

        INDArray above = Nd4j.triu(Nd4j.ones(DataType.FLOAT, SEQ, SEQ), 1);
        for (int mat = 0; mat < matrices; mat++) {
            assertThat(scores.nd4j().array().slice(mat).mul(above).amaxNumber().doubleValue()).isEqualTo(0.0);
            assertThat(dProbs.nd4j().array().slice(mat).mul(above).amaxNumber().doubleValue()).isEqualTo(0.0);
        }
    }

    @ParameterizedTest(name = "backward={0}")
    @ValueSource(booleans = {false, true})
    void crossEntropyMatches(boolean backward) {
        int vocab = 13;
        int[] targets = ids(ROWS, vocab);
        Pair logits = random(4, ROWS, vocab);
        INDArray before = logits.nd4j().array().dup();
        double want = host.crossEntropy(logits.host(), targets, ROWS, vocab, backward);
        double got = nd4j.crossEntropy(logits.nd4j(), targets, ROWS, vocab, backward);
        assertThat(Math.abs(got - want) / want).isLessThan(TOLERANCE);
        assertSame(backward ? "dLogits" : "logits", logits);
        if (!backward) assertThat(logits.nd4j().array()).isEqualTo(before);
    }
}
