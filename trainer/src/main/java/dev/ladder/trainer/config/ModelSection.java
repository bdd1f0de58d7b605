package dev.ladder.trainer.config;

import dev.ladder.trainer.model.ModelConfig;

/**
 * The {@code model} section of a run config: the GPT's shape except the vocabulary size, which the tokenizer decides.
 *
 * @param nLayer         transformer blocks (default 2)
 * @param nHead          attention heads per block; must divide dModel (default 2)
 * @param dModel         residual-stream width (default 64)
 * @param seqLen         context length in tokens (default 128)
 * @param tiedEmbeddings output head shares the token table (default true)
 */
public record ModelSection(int nLayer, int nHead, int dModel, int seqLen, boolean tiedEmbeddings) {

    public ModelSection {
        toModel(2, nLayer, nHead, dModel, seqLen, tiedEmbeddings);
    }

    public static ModelSection defaults() {
        return new ModelSection(2, 2, 64, 128, true);
    }

    /** The full model shape once the tokenizer's vocabulary size is known. */
    public ModelConfig toModel(int vocabSize) {
        return toModel(vocabSize, nLayer, nHead, dModel, seqLen, tiedEmbeddings);
    }

    private static ModelConfig toModel(int vocabSize, int nLayer, int nHead, int dModel, int seqLen, boolean tied) {
        return new ModelConfig(nLayer, nHead, dModel, seqLen, vocabSize, tied);
    }
}
