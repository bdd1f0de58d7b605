package dev.ladder.trainer.model;

import dev.ladder.data.runlog.RunInfo;

/**
 * The GPT's parameter count N, computed in closed form from its shape.
 *
 * <p>Embedding parameters are the vocabulary- and position-sized tables: the token table {@code vocabSize·dModel},
 * the learned position table {@code seqLen·dModel} and, when embeddings are untied, the output head
 * {@code dModel·vocabSize}. Kaplan et al. 2020 exclude exactly these from N; Hoffmann et al. 2022 (Chinchilla) count
 * the total. Everything else is non-embedding: per block {@code 12·d² + 13·d} (QKV {@code 3d²+3d}, output
 * projection {@code d²+d}, MLP {@code 8d²+5d}, two LayerNorms {@code 4d}), plus the final LayerNorm {@code 2d}.
 *
 * <p>Chinchilla's table A9 sizes follow the same counting with two differences: its models use Transformer-XL
 * relative positions, {@code d² + 2d} parameters per block instead of our position table, and it counts the output
 * layer {@code dModel·vocabSize} once. For d = 640, 10 layers, vocabulary 32,000 that gives
 * {@code nonEmbedding + vocabSize·d + nLayer·(d² + 2d)} = 73,825,280 (the "74M" row), which the tests check.
 *
 * @param total        all trainable scalars
 * @param embedding    token table + position table (+ untied head)
 * @param nonEmbedding total − embedding (Kaplan's N)
 */
public record ParamCount(long total, long embedding, long nonEmbedding) {

    public ParamCount {
        if (total != embedding + nonEmbedding) {
            throw new IllegalStateException("total " + total + " != embedding " + embedding
                    + " + nonEmbedding " + nonEmbedding);
        }
    }

    public static ParamCount of(ModelConfig config) {
        long d = config.dModel();
        long perBlock = 12 * d * d + 13 * d;
        long nonEmbedding = config.nLayer() * perBlock + 2 * d;
        long tables = (long) config.vocabSize() * d + (long) config.seqLen() * d;
        long head = config.tiedEmbeddings() ? 0 : (long) config.vocabSize() * d;
        long embedding = tables + head;
        return new ParamCount(embedding + nonEmbedding, embedding, nonEmbedding);
    }

    /** The counts as run.json records them. */
    public RunInfo.Params toRunInfo() {
        return new RunInfo.Params(total, nonEmbedding, embedding);
    }
}
