package dev.ladder.trainer.model;

/**
 * How large the initial weight matrices are. Biases start at 0 and LayerNorm gains at 1 either way, and the
 * embeddings (and an untied output head) are always drawn with GPT-2's 0.02.
 */
public enum InitStd {
    /**
     * GPT-2's: every matrix N(0, 0.02²), whatever its width (Radford et al. 2019; nanoGPT). Made for widths near
     * 768, where a matrix then passes a unit-variance input on with variance 768 · 0.02² = 0.31.
     */
    gpt2,
    /**
     * LeCun's fan-in rule: a matrix with fan-in n draws from N(0, 1/n), so it passes a unit-variance input on with
     * variance about 1 at any width. At width 16, GPT-2's 0.02 passes on 16 · 0.02² = 0.0064 instead, and a model
     * must first grow its weights from near zero before attention can pick a token out; how long that takes is what
     * seeds disagree on (the classroom ladder's 6.6k model ended its 1M-token run 0.07 nats apart with seeds 1 and 2;
     * README, the demo).
     */
    fanIn;

    /** The standard deviation of a matrix with this fan-in (its number of rows), before any residual scaling. */
    public double matrixStd(long fanIn) {
        return this == gpt2 ? Parameters.INIT_STD : 1 / Math.sqrt(fanIn);
    }
}
