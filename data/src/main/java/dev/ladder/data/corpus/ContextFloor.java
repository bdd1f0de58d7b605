package dev.ladder.data.corpus;

/**
 * The lowest mean loss a predictor with a context of {@code contextLength} tokens can reach on a synthetic corpus,
 * in nats per character: the mean over the window's positions t = 0..contextLength−1 of the conditional entropy
 * H(X_{t+1} | X_0..X_t) of the token position t predicts given the t + 1 tokens before it in the window, for windows
 * that start at a random point of the stationary process. No position predicts X_0, so H(X_0) does not enter. It
 * lies above the entropy rate, which only an infinite context reaches.
 *
 * @param natsPerChar   the floor, nats per character (per token with the char tokenizer)
 * @param stdError      one standard error of natsPerChar; 0 when computed exactly
 * @param contextLength the context length (seqLen) it is for
 */
public record ContextFloor(double natsPerChar, double stdError, int contextLength) {

    public ContextFloor {
        if (!(natsPerChar >= 0) || !Double.isFinite(natsPerChar)) {
            throw new IllegalArgumentException("natsPerChar must be finite and >= 0, got " + natsPerChar);
        }
        if (!(stdError >= 0)) throw new IllegalArgumentException("stdError must be >= 0, got " + stdError);
        if (contextLength < 1) throw new IllegalArgumentException("contextLength must be >= 1, got " + contextLength);
    }
}
