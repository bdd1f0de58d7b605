package dev.ladder.trainer.model;

import java.util.Arrays;

/**
 * One parameter array of the GPT: its path name (e.g. {@code "h3/attn/wqkv"}), shape and role.
 *
 * @param name  the SameDiff variable name, a path in forward order
 * @param shape the array's shape, e.g. {@code [dModel, 3·dModel]}
 * @param role  what the array does; decides its initialisation, weight decay and parameter bookkeeping
 */
public record ParamSpec(String name, long[] shape, Role role) {

    /** What a parameter array does. */
    public enum Role {
        /** The token embedding table {@code [vocabSize, dModel]}. */
        TOKEN_EMBEDDING,
        /** The learned position table {@code [seqLen, dModel]}. */
        POSITION_EMBEDDING,
        /** The untied output head {@code [dModel, vocabSize]}. */
        HEAD,
        /** A weight matrix inside a block that does not write to the residual stream. */
        MATRIX,
        /** A weight matrix that writes to the residual stream (attention and MLP output projections). */
        RESIDUAL_MATRIX,
        /** A bias vector. */
        BIAS,
        /** A LayerNorm gain vector. */
        GAIN;

        /** True for the vocabulary- and position-sized tables, which Kaplan et al. 2020 exclude from N. */
        public boolean isEmbedding() {
            return this == TOKEN_EMBEDDING || this == POSITION_EMBEDDING || this == HEAD;
        }

        /** True for arrays that get AdamW's decoupled weight decay: the matrices of the blocks and the head. */
        public boolean isDecayed() {
            return this == MATRIX || this == RESIDUAL_MATRIX || this == HEAD;
        }
    }

    public ParamSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of scalars in the array. */
    public long size() {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSpec p && name.equals(p.name) && Arrays.equals(shape, p.shape) && role == p.role;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + role;
    }
}
