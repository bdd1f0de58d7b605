package dev.ladder.trainer.model.fast;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.floating.RSqrt;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The kernels as ND4J operations on whole arrays, so that they run on any backend, a GPU's included: no element is
 * read or written from Java. Each kernel is a few broadcast, reduction and transform ops (one native call, or one GPU
 * kernel launch, each) on {@link Tensor#array()}, writing into the preallocated outputs in place; token and target
 * ids are uploaded per call. The formulas are those of {@link Kernels}; {@link HostKernels} is the reference.
 */
final class Nd4jKernels implements Kernels {

    private static final double SQRT_2_PI = Math.sqrt(2 / Math.PI);
    private static final double GELU_CUBIC = 0.044715;
    private static final double LN_EPS = 1e-5;
    /** Added to the scores above the diagonal: exp of it underflows to exactly 0. */
    private static final float MASKED = -1e9f;

    /** [seqLen, seqLen]: 0 on and below the diagonal, {@link #MASKED} above; rebuilt when seqLen changes. */
    private INDArray causalMask;

    @Override
    public void embed(Tensor wte, Tensor wpe, int[] tokens, Tensor out, int seqLen, int dModel) {
        gather(wte.array(), Nd4j.createFromArray(tokens), out.array());               // out[n] = wte[tokens[n]]
        INDArray out3 = out.array().reshape(tokens.length / seqLen, seqLen, dModel);  // [B·T, d] -> [B, T, d]
        Nd4j.exec(new BroadcastAddOp(out3, wpe.array(), out3, 1, 2));                 // += wpe[t]
    }

    @Override
    public void embedBackward(Tensor dOut, int[] tokens, Tensor dWte, boolean addToWte, Tensor dWpe, int seqLen,
                              int dModel) {
        if (!addToWte) dWte.array().assign(0);
        INDArray dOut3 = dOut.array().reshape(tokens.length / seqLen, seqLen, dModel); // [B·T, d] -> [B, T, d]
        dOut3.sum(dWpe.array(), 0);                                                    // Σ_b: [T, d]
        scatterAdd(dWte.array(), Nd4j.createFromArray(tokens), dOut.array());          // dWte[tokens[n]] += dOut[n]
    }

    @Override
    public void layerNorm(Tensor x, Tensor gain, Tensor bias, Tensor out, Tensor mean, Tensor rstd, int rows,
                          int cols) {
        INDArray xs = x.array();
        xs.mean(mean.array(), 1);                                                      // μ: [rows]
        Nd4j.exec(new RSqrt(xs.var(false, 1).addi(LN_EPS), rstd.array()));            // 1/√(σ² + ε), biased σ²
        out.array().assign(xs).subiColumnVector(mean.array()).muliColumnVector(rstd.array())
                .muliRowVector(gain.array()).addiRowVector(bias.array());
    }

    @Override
    public void layerNormBackward(Tensor dOut, Tensor x, Tensor gain, Tensor mean, Tensor rstd, Tensor dx,
                                  boolean accumulate, Tensor dGain, Tensor dBias, int rows, int cols) {
        INDArray dy = dOut.array();
        INDArray xHat = x.array().subColumnVector(mean.array()).muliColumnVector(rstd.array());
        INDArray dyXHat = dy.mul(xHat);
        dyXHat.sum(dGain.array(), 0);                                                  // Σ_rows dOut·x̂
        dy.sum(dBias.array(), 0);                                                      // Σ_rows dOut
        INDArray meanGx = dyXHat.muliRowVector(gain.array()).mean(1);                  // mean(ĝ·x̂): [rows]
        INDArray gHat = dy.mulRowVector(gain.array());
        INDArray meanG = gHat.mean(1);                                                 // mean(ĝ): [rows]
        INDArray value = gHat.subiColumnVector(meanG).subi(xHat.muliColumnVector(meanGx))
                .muliColumnVector(rstd.array());
        if (accumulate) {
            dx.array().addi(value);
        } else {
            dx.array().assign(value);
        }
    }

    @Override
    public void biasRows(Tensor residual, Tensor bias, Tensor out, int rows, int cols) {
        INDArray o = out.array();
        if (residual == null) {
            Nd4j.exec(new BroadcastCopyOp(o, bias.array(), o, 1));
        } else {
            Nd4j.exec(new BroadcastAddOp(residual.array(), bias.array(), o, 1));
        }
    }

    @Override
    public void biasGradient(Tensor dOut, Tensor dBias, int rows, int cols) {
        dOut.array().sum(dBias.array(), 0);
    }

    @Override
    public void gelu(Tensor x, Tensor out, int n) {
        INDArray v = x.array();
        tanhOfU(v, out.array()).addi(1).muli(v).muli(0.5);
    }

    @Override
    public void geluBackward(Tensor dOut, Tensor x, Tensor dx, int n) {
        INDArray v = x.array();
        INDArray t = tanhOfU(v, v.ulike());
        INDArray du = v.mul(v).muli(3 * GELU_CUBIC).addi(1).muli(SQRT_2_PI);          // du/dx
        INDArray slope = t.mul(t).rsubi(1).muli(du).muli(v);                           // x·(1 - tanh²(u))·du/dx
        t.addi(1).addi(slope).muli(0.5);
        dOut.array().mul(t, dx.array());
    }

    /** Writes {@code tanh(u)}, {@code u = √(2/π)·(x + 0.044715·x³)}, into {@code t} and returns it. */
    private static INDArray tanhOfU(INDArray x, INDArray t) {
        x.mul(x, t).muli(GELU_CUBIC).addi(1).muli(x).muli(SQRT_2_PI);
        return Transforms.tanh(t, false);
    }

    @Override
    public void toHeads(Tensor src, int cols, int colOffset, Tensor dst, int batch, int seqLen, int nHead,
                        int headDim) {
        INDArray heads = headColumns(src.array(), cols, colOffset, batch, seqLen, nHead, headDim);
        INDArray dst4 = dst.array().reshape(batch, nHead, seqLen, headDim);        // [B·H, T, hd] -> [B, H, T, hd]
        dst4.assign(heads.permute(0, 2, 1, 3));                                      // [B, T, H, hd] -> [B, H, T, hd]
    }

    @Override
    public void fromHeads(Tensor src, Tensor dst, int cols, int colOffset, int batch, int seqLen, int nHead,
                          int headDim) {
        INDArray src4 = src.array().reshape(batch, nHead, seqLen, headDim);        // [B·H, T, hd] -> [B, H, T, hd]
        INDArray heads = headColumns(dst.array(), cols, colOffset, batch, seqLen, nHead, headDim);
        heads.assign(src4.permute(0, 2, 1, 3));                                      // [B, H, T, hd] -> [B, T, H, hd]
    }

    /** A view of columns {@code [colOffset, colOffset + nHead·headDim)} of {@code rows} as {@code [B, T, H, hd]}. */
    private static INDArray headColumns(INDArray rows, int cols, int colOffset, int batch, int seqLen, int nHead,
                                        int headDim) {
        if (cols % headDim != 0 || colOffset % headDim != 0) {
            throw new IllegalStateException("cols " + cols + " and colOffset " + colOffset
                    + " must be multiples of headDim " + headDim);
        }
        int first = colOffset / headDim;
        return rows.reshape(batch, seqLen, cols / headDim, headDim)      // [B·T, cols] -> [B, T, cols/hd, hd]
                .get(all(), all(), interval(first, first + nHead), all()); // -> [B, T, H, hd]
    }

    @Override
    public void causalSoftmax(Tensor scores, int matrices, int seqLen, float scale) {
        INDArray s = scores.array();                                                  // [B·H, T, T]
        Nd4j.exec(new BroadcastAddOp(s.muli(scale), causalMask(seqLen), s, 1, 2));  // scale·s, masked above diagonal
        Nd4j.exec(new SoftMax(s, s, 2));
    }

    @Override
    public void causalSoftmaxBackward(Tensor probs, Tensor dProbs, int matrices, int seqLen, float scale) {
        INDArray p = probs.array();                                                   // [B·H, T, T]
        INDArray dp = dProbs.array();
        INDArray dot = p.mul(dp).sum(2);                                              // Σ_j p·dP: [B·H, T]
        Nd4j.exec(new BroadcastSubOp(dp, dot, dp, 0, 1));
        dp.muli(p).muli(scale);                                                       // p = 0 above the diagonal
    }

    private INDArray causalMask(int seqLen) {
        if (causalMask == null || causalMask.rows() != seqLen) {
            causalMask = Nd4j.triu(Nd4j.ones(DataType.FLOAT, seqLen, seqLen), 1).muli(MASKED);
        }
        return causalMask;
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets, int rows, int vocab, boolean backward) {
        INDArray x = backward ? logits.array() : logits.array().dup();              // becomes dLogits when backward
        INDArray flat = x.reshape(-1);                                                // [rows, V] -> [rows·V]
        INDArray targetIndices = Nd4j.createFromArray(flatIndices(targets, vocab));
        INDArray max = x.max(1);                                                      // [rows]
        INDArray picked = Nd4j.exec(new Gather(flat, targetIndices, 0))[0].subi(max); // x[r, target_r] - max_r
        x.subiColumnVector(max);
        Transforms.exp(x, false);
        INDArray sum = x.sum(1);                                                      // Σ_j exp(x_rj - max_r)
        double loss = Transforms.log(sum, true).subi(picked).sumNumber().doubleValue() / rows;
        if (backward) {
            x.diviColumnVector(sum.muli(rows));                                       // softmax / rows
            scatterAdd(flat, targetIndices, Nd4j.valueArrayOf(new long[] {rows}, -1f / rows));
        }
        return loss;
    }

    /** {@code r·vocab + targets[r]}: each target's index in the flattened logits. */
    private static int[] flatIndices(int[] targets, int vocab) {
        int[] flat = new int[targets.length];
        for (int r = 0; r < targets.length; r++) flat[r] = Math.addExact(Math.multiplyExact(r, vocab), targets[r]);
        return flat;
    }

    /** {@code out[i] = source[indices[i]]} along the first axis. */
    private static void gather(INDArray source, INDArray indices, INDArray out) {
        Gather op = new Gather(source, indices, 0);
        op.addOutputArgument(out);
        Nd4j.exec(op);
    }

    /** {@code ref[indices[i]] += updates[i]} along the first axis, in place; repeated indices add up. */
    private static void scatterAdd(INDArray ref, INDArray indices, INDArray updates) {
        ScatterAdd op = new ScatterAdd(ref, indices, updates);
        op.addOutputArgument(ref);
        op.addBArgument(true);   // "lock": one update at a time per target row, so repeated indices never race
        Nd4j.exec(op);
    }
}
