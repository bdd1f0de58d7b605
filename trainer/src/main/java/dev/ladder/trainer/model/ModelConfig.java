package dev.ladder.trainer.model;

import dev.ladder.data.InvalidInputException;
import java.util.Locale;

/**
 * The shape of a decoder-only GPT; the MLP width is always {@code 4 · dModel}. A ModelConfig that exists is valid.
 *
 * @param nLayer         number of transformer blocks
 * @param nHead          attention heads per block; must divide dModel
 * @param dModel         width of the residual stream
 * @param seqLen         context length in tokens (the position table has this many rows)
 * @param vocabSize      tokenizer vocabulary size
 * @param tiedEmbeddings true when the output head reuses the token embedding table
 */
public record ModelConfig(int nLayer, int nHead, int dModel, int seqLen, int vocabSize, boolean tiedEmbeddings) {

    /** Longest context: the graph holds a {@code seqLen × seqLen} attention mask. */
    public static final int MAX_SEQ_LEN = 16_384;

    /** Most parameters a model may have: the engines keep them in one Java float array. */
    public static final long MAX_PARAMS = Integer.MAX_VALUE - 8;

    public ModelConfig {
        positive("model.nLayer", nLayer);
        positive("model.nHead", nHead);
        positive("model.dModel", dModel);
        if (seqLen < 1 || seqLen > MAX_SEQ_LEN) {
            throw InvalidInputException.outOfRange(null, "model.seqLen", seqLen, "[1, " + MAX_SEQ_LEN + "]");
        }
        if (vocabSize < 2) throw InvalidInputException.outOfRange(null, "model.vocabSize", vocabSize, ">= 2");
        if (dModel % nHead != 0) {
            throw InvalidInputException.outOfRange(null, "model.dModel", dModel,
                    "a multiple of model.nHead = " + nHead + " (dModel is not divisible by nHead)");
        }
    }

    /**
     * Refuses a model the engines cannot hold: more than {@link #MAX_PARAMS} parameters (counted in floating point,
     * so that absurd shapes cannot overflow). Shapes beyond it are still fine for FLOP and parameter arithmetic.
     */
    public ModelConfig requireTrainable() {
        double d = dModel;
        double params = nLayer * (12 * d * d + 13 * d) + 2 * d + ((double) vocabSize + seqLen) * d
                + (tiedEmbeddings ? 0 : (double) vocabSize * d);
        if (params > MAX_PARAMS) {
            throw InvalidInputException.outOfRange(null, "model (nLayer " + nLayer + ", dModel " + dModel + ")",
                    String.format(Locale.ROOT, "%.3g parameters", params), "at most " + MAX_PARAMS
                            + " parameters (the engines hold them in one float32 buffer)");
        }
        return this;
    }

    /** Width of the MLP's hidden layer: {@code 4 · dModel}. */
    public int ffw() {
        return 4 * dModel;
    }

    /** Width of one attention head: {@code dModel / nHead}. */
    public int headDim() {
        return dModel / nHead;
    }

    private static void positive(String field, int value) {
        if (value < 1) throw InvalidInputException.outOfRange(null, field, value, ">= 1");
    }
}
