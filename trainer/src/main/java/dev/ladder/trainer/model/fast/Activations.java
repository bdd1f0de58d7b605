package dev.ladder.trainer.model.fast;

import dev.ladder.trainer.model.ModelConfig;

/**
 * Every buffer one training step of the fast engine uses, for one batch shape, allocated once here and reused by
 * every step of that shape: the activations the backward pass reads, then the backward pass's own scratch.
 * Attention tensors are {@code [batch·nHead, seqLen, ·]}; everything else is {@code [batch·seqLen, ·]}.
 */
final class Activations {

    /** What one transformer block keeps from its forward pass. */
    static final class Block {
        final Tensor input;       // [rows, d]    the residual stream entering the block
        final Tensor ln1Out;      // [rows, d]
        final Tensor ln1Mean;     // [rows]
        final Tensor ln1Rstd;     // [rows]
        final Tensor qkv;         // [rows, 3d]   columns (q|k|v) × heads × headDim
        final Tensor q;           // [B·H, T, hd]
        final Tensor k;           // [B·H, T, hd]
        final Tensor v;           // [B·H, T, hd]
        final Tensor attnProbs;   // [B·H, T, T]  causal softmax of the scaled scores
        final Tensor attnY;       // [B·H, T, hd]
        final Tensor attnMerged;  // [rows, d]    heads side by side again
        final Tensor mid;         // [rows, d]    residual after attention
        final Tensor ln2Out;      // [rows, d]
        final Tensor ln2Mean;     // [rows]
        final Tensor ln2Rstd;     // [rows]
        final Tensor mlpPre;      // [rows, 4d]   before GELU
        final Tensor mlpAct;      // [rows, 4d]   after GELU

        Block(Tensor input, ModelConfig m, int batch, boolean host) {
            int rows = batch * m.seqLen();
            int d = m.dModel();
            long heads = (long) batch * m.nHead();
            this.input = input;
            ln1Out = Tensor.zeros(host, rows, d);
            ln1Mean = Tensor.zeros(host, rows);
            ln1Rstd = Tensor.zeros(host, rows);
            qkv = Tensor.zeros(host, rows, 3L * d);
            q = Tensor.zeros(host, heads, m.seqLen(), m.headDim());
            k = Tensor.zeros(host, heads, m.seqLen(), m.headDim());
            v = Tensor.zeros(host, heads, m.seqLen(), m.headDim());
            attnProbs = Tensor.zeros(host, heads, m.seqLen(), m.seqLen());
            attnY = Tensor.zeros(host, heads, m.seqLen(), m.headDim());
            attnMerged = Tensor.zeros(host, rows, d);
            mid = Tensor.zeros(host, rows, d);
            ln2Out = Tensor.zeros(host, rows, d);
            ln2Mean = Tensor.zeros(host, rows);
            ln2Rstd = Tensor.zeros(host, rows);
            mlpPre = Tensor.zeros(host, rows, m.ffw());
            mlpAct = Tensor.zeros(host, rows, m.ffw());
        }
    }

    final int batch;
    final int rows;
    final Block[] blocks;
    final Tensor output;        // [rows, d]    the residual stream after the last block
    final Tensor lnfOut;        // [rows, d]
    final Tensor lnfMean;       // [rows]
    final Tensor lnfRstd;       // [rows]
    final Tensor logits;        // [rows, V]    and, after the loss's backward, dLogits

    // Backward scratch, shared by all blocks.
    final Tensor dResidual;     // [rows, d]    gradient of the residual stream, flowing backwards
    final Tensor dLn;           // [rows, d]    gradient of a LayerNorm's output
    final Tensor dMerged;       // [rows, d]
    final Tensor dQkv;          // [rows, 3d]
    final Tensor dQ;            // [B·H, T, hd]
    final Tensor dK;            // [B·H, T, hd]
    final Tensor dV;            // [B·H, T, hd]
    final Tensor dY;            // [B·H, T, hd]
    final Tensor dProbs;        // [B·H, T, T]  dP, then dScores in place
    final Tensor dMlp;          // [rows, 4d]   gradient of the GELU's output, then of its input in place

    Activations(ModelConfig m, int batch, boolean host) {
        this.batch = batch;
        this.rows = batch * m.seqLen();
        int d = m.dModel();
        long heads = (long) batch * m.nHead();
        blocks = new Block[m.nLayer()];
        Tensor input = Tensor.zeros(host, rows, d);
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new Block(input, m, batch, host);
            input = Tensor.zeros(host, rows, d);
        }
        output = input;
        lnfOut = Tensor.zeros(host, rows, d);
        lnfMean = Tensor.zeros(host, rows);
        lnfRstd = Tensor.zeros(host, rows);
        logits = Tensor.zeros(host, rows, m.vocabSize());
        dResidual = Tensor.zeros(host, rows, d);
        dLn = Tensor.zeros(host, rows, d);
        dMerged = Tensor.zeros(host, rows, d);
        dQkv = Tensor.zeros(host, rows, 3L * d);
        dQ = Tensor.zeros(host, heads, m.seqLen(), m.headDim());
        dK = Tensor.zeros(host, heads, m.seqLen(), m.headDim());
        dV = Tensor.zeros(host, heads, m.seqLen(), m.headDim());
        dY = Tensor.zeros(host, heads, m.seqLen(), m.headDim());
        dProbs = Tensor.zeros(host, heads, m.seqLen(), m.seqLen());
        dMlp = Tensor.zeros(host, rows, m.ffw());
    }

    /** The residual stream entering the first block: the embedding's output. */
    Tensor embedOut() {
        return blocks[0].input;
    }
}
