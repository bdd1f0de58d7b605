package dev.ladder.trainer.model.fast;

import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.Distillation;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.Parameters;
import dev.ladder.trainer.model.SoftTargets;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast engine: the GPT's forward pass in order, then its backward pass in reverse order, by hand. Matrix
 * products write into preallocated arrays (on the CPU straight through OpenBLAS, {@link HostBlas}; elsewhere ND4J's
 * GEMM and batched matmul); everything else is a fused kernel ({@link Kernels}). Parameters and gradients are flat buffers ({@link Parameters}); the activations
 * of each batch shape are allocated once ({@link Activations}), so a step allocates no native memory that outlives it.
 *
 * <p>The model is the one {@link dev.ladder.trainer.model.samediff.GptGraph} builds (GPT-2's tanh GELU, LayerNorm
 * epsilon 1e-5), with the same parameter layout, so checkpoints of either engine load in the other.
 */
public final class FastEngine implements Engine {

    private final ModelConfig m;
    private final Parameters params;
    private final Parameters gradients;
    private final boolean host;
    private final Kernels kernels;
    /** The host's matrix products; null when ND4J multiplies. */
    private final HostBlas blas;
    private final Weights w;
    private final Weights g;
    private final float attnScale;
    private Activations acts;

    public FastEngine(ModelConfig config, Parameters params, Engine.Options options) {
        this.m = config;
        this.params = params;
        this.gradients = Parameters.zeros(config);
        this.host = options.hostKernels();
        Ranges ranges = host ? new Ranges(options.threads()) : null;
        this.kernels = host ? new HostKernels(ranges) : new Nd4jKernels();
        this.blas = host ? new HostBlas(ranges) : null;
        if (host && options.threads() > 1) HostBlas.singleThreadedBlas();
        this.w = new Weights(params, config, host);
        this.g = new Weights(gradients, config, host);
        this.attnScale = (float) (1 / Math.sqrt(config.headDim()));
    }

    /**
     * True when this JVM can run the host kernels: it has the Vector API module ({@code --add-modules
     * jdk.incubator.vector}, which the launcher and worker processes pass). Without it the CPU runs the ND4J kernels.
     */
    public static boolean hostKernelsAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The width in bits of the vectors the host kernels run on this CPU (the JVM's preferred float vector: 256 with
     * AVX2, 512 with AVX-512), which sets their speed and the order of their sums; 0 when they cannot run here.
     */
    public static int vectorBits() {
        return hostKernelsAvailable() ? Lanes.S.vectorBitSize() : 0;
    }

    @Override
    public Parameters params() {
        return params;
    }

    @Override
    public Parameters gradients() {
        return gradients;
    }

    @Override
    public double lossAndGradients(Batch batch) {
        Activations a = forward(batch);
        double loss = kernels.crossEntropy(a.logits, batch.targets(), a.rows, m.vocabSize(), true);
        backward(a, batch);
        return loss;
    }

    @Override
    public SoftTargets.Loss lossAndGradients(Batch batch, SoftTargets soft) {
        Activations a = forward(batch);
        SoftTargets.Loss loss = Distillation.apply(a.logits.array(), batch.targets(), soft, true);
        backward(a, batch);
        return loss;
    }

    @Override
    public double loss(Batch batch) {
        Activations a = forward(batch);
        return kernels.crossEntropy(a.logits, batch.targets(), a.rows, m.vocabSize(), false);
    }

    @Override
    public INDArray logits(Batch batch) {
        return forward(batch).logits.array().dup();
    }

    /** The activations for this batch size, allocated on first use of the size. */
    private Activations activations(Batch batch) {
        if (batch.seqLen() != m.seqLen()) {
            throw new IllegalStateException("batch seqLen " + batch.seqLen() + " != model seqLen " + m.seqLen());
        }
        if (acts == null || acts.batch != batch.batchSize()) acts = new Activations(m, batch.batchSize(), host);
        return acts;
    }

    // ---------------------------------------------------------------------------------------------------- forward

    private Activations forward(Batch batch) {
        Activations a = activations(batch);
        kernels.embed(w.wte, w.wpe, batch.tokens(), a.embedOut(), m.seqLen(), m.dModel());
        for (int i = 0; i < m.nLayer(); i++) {
            Activations.Block out = a.blocks[i];
            Tensor next = i + 1 < m.nLayer() ? a.blocks[i + 1].input : a.output;
            attention(w.blocks[i], out, a);
            mlp(w.blocks[i], out, next, a.rows);
        }
        kernels.layerNorm(a.output, w.lnfGain, w.lnfBias, a.lnfOut, a.lnfMean, a.lnfRstd, a.rows, m.dModel());
        if (w.head == null) {
            gemm(a.lnfOut, w.wte, a.logits, false, true, 0);                        // [rows, d]·[V, d]ᵀ
        } else {
            gemm(a.lnfOut, w.head, a.logits, false, false, 0);                      // [rows, d]·[d, V]
        }
        return a;
    }

    /** {@code mid = input + proj(causalSelfAttention(ln1(input)))}. */
    private void attention(Weights.Block wb, Activations.Block b, Activations a) {
        int d = m.dModel();
        kernels.layerNorm(b.input, wb.ln1Gain(), wb.ln1Bias(), b.ln1Out, b.ln1Mean, b.ln1Rstd, a.rows, d);
        kernels.biasRows(null, wb.bqkv(), b.qkv, a.rows, 3 * d);
        gemm(b.ln1Out, wb.wqkv(), b.qkv, false, false, 1);                          // [rows, d]·[d, 3d]
        splitQkv(b.qkv, b.q, b.k, b.v, a.batch);                                    // -> [B·H, T, hd] each
        batchedMatmul(b.q, b.k, b.attnProbs, false, true);                           // q·kᵀ: [B·H, T, T]
        kernels.causalSoftmax(b.attnProbs, a.batch * m.nHead(), m.seqLen(), attnScale);
        batchedMatmul(b.attnProbs, b.v, b.attnY, false, false);                     // [B·H, T, hd]
        kernels.fromHeads(b.attnY, b.attnMerged, d, 0, a.batch, m.seqLen(), m.nHead(), m.headDim());
        kernels.biasRows(b.input, wb.bo(), b.mid, a.rows, d);
        gemm(b.attnMerged, wb.wo(), b.mid, false, false, 1);                        // += [rows, d]·[d, d]
    }

    /** {@code next = mid + w2·gelu(w1·ln2(mid) + b1) + b2}. */
    private void mlp(Weights.Block wb, Activations.Block b, Tensor next, int rows) {
        int d = m.dModel();
        kernels.layerNorm(b.mid, wb.ln2Gain(), wb.ln2Bias(), b.ln2Out, b.ln2Mean, b.ln2Rstd, rows, d);
        kernels.biasRows(null, wb.b1(), b.mlpPre, rows, m.ffw());
        gemm(b.ln2Out, wb.w1(), b.mlpPre, false, false, 1);                          // [rows, d]·[d, 4d]
        kernels.gelu(b.mlpPre, b.mlpAct, rows * m.ffw());
        kernels.biasRows(b.mid, wb.b2(), next, rows, d);
        gemm(b.mlpAct, wb.w2(), next, false, false, 1);                              // += [rows, 4d]·[4d, d]
    }

    private void splitQkv(Tensor qkv, Tensor q, Tensor k, Tensor v, int batch) {
        int d = m.dModel();
        kernels.toHeads(qkv, 3 * d, 0, q, batch, m.seqLen(), m.nHead(), m.headDim());
        kernels.toHeads(qkv, 3 * d, d, k, batch, m.seqLen(), m.nHead(), m.headDim());
        kernels.toHeads(qkv, 3 * d, 2 * d, v, batch, m.seqLen(), m.nHead(), m.headDim());
    }

    // --------------------------------------------------------------------------------------------------- backward

    /** Gradients of every parameter from dLogits (in {@code a.logits}), in reverse order of the forward pass. */
    private void backward(Activations a, Batch batch) {
        int d = m.dModel();
        // head: reads lnfOut; writes dLn = dLogits·W and the head's (or tied wte's) gradient
        if (w.head == null) {
            gemm(a.logits, a.lnfOut, g.wte, true, false, 0);                         // dWte = dLogitsᵀ·lnfOut
            gemm(a.logits, w.wte, a.dLn, false, false, 0);                           // [rows, V]·[V, d]
        } else {
            gemm(a.lnfOut, a.logits, g.head, true, false, 0);                        // dHead = lnfOutᵀ·dLogits
            gemm(a.logits, w.head, a.dLn, false, true, 0);                           // [rows, V]·[d, V]ᵀ
        }
        kernels.layerNormBackward(a.dLn, a.output, w.lnfGain, a.lnfMean, a.lnfRstd, a.dResidual, false,
                g.lnfGain, g.lnfBias, a.rows, d);
        for (int i = m.nLayer() - 1; i >= 0; i--) {
            mlpBackward(w.blocks[i], g.blocks[i], a.blocks[i], a);
            attentionBackward(w.blocks[i], g.blocks[i], a.blocks[i], a);
        }
        kernels.embedBackward(a.dResidual, batch.tokens(), g.wte, w.head == null, g.wpe, m.seqLen(), d);
    }

    /** Reads mlpAct, mlpPre, ln2Out, mid and the LayerNorm statistics; dResidual holds d(next) on entry. */
    private void mlpBackward(Weights.Block wb, Weights.Block gb, Activations.Block b, Activations a) {
        int d = m.dModel();
        gemm(b.mlpAct, a.dResidual, gb.w2(), true, false, 0);                       // dW2 = actᵀ·dNext
        kernels.biasGradient(a.dResidual, gb.b2(), a.rows, d);
        gemm(a.dResidual, wb.w2(), a.dMlp, false, true, 0);                          // dAct = dNext·W2ᵀ
        kernels.geluBackward(a.dMlp, b.mlpPre, a.dMlp, a.rows * m.ffw());
        gemm(b.ln2Out, a.dMlp, gb.w1(), true, false, 0);                             // dW1 = ln2Outᵀ·dPre
        kernels.biasGradient(a.dMlp, gb.b1(), a.rows, m.ffw());
        gemm(a.dMlp, wb.w1(), a.dLn, false, true, 0);                                // dLn2 = dPre·W1ᵀ
        kernels.layerNormBackward(a.dLn, b.mid, wb.ln2Gain(), b.ln2Mean, b.ln2Rstd, a.dResidual, true,
                gb.ln2Gain(), gb.ln2Bias(), a.rows, d);
    }

    /** Reads attnMerged, q, k, v, attnProbs, ln1Out, input and the statistics; dResidual holds d(mid) on entry. */
    private void attentionBackward(Weights.Block wb, Weights.Block gb, Activations.Block b, Activations a) {
        int d = m.dModel();
        int matrices = a.batch * m.nHead();
        gemm(b.attnMerged, a.dResidual, gb.wo(), true, false, 0);                   // dWo = mergedᵀ·dMid
        kernels.biasGradient(a.dResidual, gb.bo(), a.rows, d);
        gemm(a.dResidual, wb.wo(), a.dMerged, false, true, 0);                       // dMerged = dMid·Woᵀ
        kernels.toHeads(a.dMerged, d, 0, a.dY, a.batch, m.seqLen(), m.nHead(), m.headDim());
        batchedMatmul(a.dY, b.v, a.dProbs, false, true);                             // dP = dY·vᵀ
        batchedMatmul(b.attnProbs, a.dY, a.dV, true, false);                          // dV = Pᵀ·dY
        kernels.causalSoftmaxBackward(b.attnProbs, a.dProbs, matrices, m.seqLen(), attnScale);
        batchedMatmul(a.dProbs, b.k, a.dQ, false, false);                             // dQ = dS·k
        batchedMatmul(a.dProbs, b.q, a.dK, true, false);                              // dK = dSᵀ·q
        kernels.fromHeads(a.dQ, a.dQkv, 3 * d, 0, a.batch, m.seqLen(), m.nHead(), m.headDim());
        kernels.fromHeads(a.dK, a.dQkv, 3 * d, d, a.batch, m.seqLen(), m.nHead(), m.headDim());
        kernels.fromHeads(a.dV, a.dQkv, 3 * d, 2 * d, a.batch, m.seqLen(), m.nHead(), m.headDim());
        gemm(b.ln1Out, a.dQkv, gb.wqkv(), true, false, 0);                            // dWqkv = ln1Outᵀ·dQkv
        kernels.biasGradient(a.dQkv, gb.bqkv(), a.rows, 3 * d);
        gemm(a.dQkv, wb.wqkv(), a.dLn, false, true, 0);                                // dLn1 = dQkv·Wqkvᵀ
        kernels.layerNormBackward(a.dLn, b.input, wb.ln1Gain(), b.ln1Mean, b.ln1Rstd, a.dResidual, true,
                gb.ln1Gain(), gb.ln1Bias(), a.rows, d);
    }

    // ------------------------------------------------------------------------------------------- matrix products

    /** {@code c = op(a)·op(b) + beta·c} into the preallocated {@code c}. */
    private void gemm(Tensor a, Tensor b, Tensor c, boolean transposeA, boolean transposeB, double beta) {
        if (host) {
            blas.gemm(a, b, c, transposeA, transposeB, (float) beta);
        } else {
            Nd4j.gemm(a.array(), b.array(), c.array(), transposeA, transposeB, 1.0, beta);
        }
    }

    /** {@code c[i] = op(a[i])·op(b[i])} for each matrix i of rank-3 arrays. */
    private void batchedMatmul(Tensor a, Tensor b, Tensor c, boolean transposeA, boolean transposeB) {
        if (host) {
            blas.batched(a, b, c, transposeA, transposeB);
            return;
        }
        MMulTranspose transpose = MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build();
        Nd4j.exec(new Mmul(a.array(), b.array(), c.array(), transpose));
    }
}
