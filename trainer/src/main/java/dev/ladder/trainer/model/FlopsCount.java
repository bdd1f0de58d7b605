package dev.ladder.trainer.model;

/**
 * Training FLOPs per token (forward + backward) under the two conventions scaling-law papers use; a fit must say
 * which one it used.
 */
public final class FlopsCount {

    private FlopsCount() {
    }

    /**
     * Kaplan et al. 2020, table 1: {@code C = 6·N + 6·nLayer·seqLen·dModel}, where N is the non-embedding parameter
     * count and the second term is the attention over the context (forward {@code 2·nLayer·seqLen·dModel}, ×3 for
     * training).
     */
    public static double kaplan6N(ModelConfig config) {
        double n = ParamCount.of(config).nonEmbedding();
        return 6 * n + 6.0 * config.nLayer() * config.seqLen() * config.dModel();
    }

    /**
     * Hoffmann et al. 2022, appendix F: 3 × the forward FLOPs (backward = 2 × forward), counted per op for one
     * sequence and divided by its length. With {@code s = seqLen}, {@code d = dModel}, {@code a = nHead·headDim}
     * (= d here), {@code h = nHead}, {@code f = ffw}, {@code V = vocabSize}, forward per sequence:
     * <pre>
     * embeddings          2·s·V·d
     * per layer  QKV      2·3·s·d·a
     *            logits   2·s·s·a
     *            softmax  3·h·s·s
     *            reduce   2·s·s·a
     *            project  2·s·a·d
     *            dense    2·s·(2·d·f)
     * head (output)       2·s·d·V       (left out when withHead is false)
     * </pre>
     */
    public static double chinchillaExact(ModelConfig config, boolean withHead) {
        double s = config.seqLen();
        double d = config.dModel();
        double a = (double) config.nHead() * config.headDim();
        double h = config.nHead();
        double f = config.ffw();
        double v = config.vocabSize();
        double attention = 2 * 3 * s * d * a + 2 * s * s * a + 3 * h * s * s + 2 * s * s * a + 2 * s * a * d;
        double dense = 2 * s * (2 * d * f);
        double forward = 2 * s * v * d + config.nLayer() * (attention + dense) + (withHead ? 2 * s * d * v : 0);
        return 3 * forward / s;
    }
}
