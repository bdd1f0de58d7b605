package dev.ladder.data.corpus;

/**
 * The entropy rate of a synthetic corpus in nats per character (Unicode code point): the loss a perfect model
 * reaches with the char tokenizer, so the irreducible term E of a fitted law can be checked against it.
 *
 * @param natsPerChar entropy rate, nats per character
 * @param stdError    one standard error of natsPerChar; 0 when computed exactly
 */
public record EntropyRate(double natsPerChar, double stdError) {

    public EntropyRate {
        if (!(natsPerChar >= 0) || !Double.isFinite(natsPerChar)) {
            throw new IllegalArgumentException("natsPerChar must be finite and >= 0, got " + natsPerChar);
        }
        if (!(stdError >= 0)) throw new IllegalArgumentException("stdError must be >= 0, got " + stdError);
    }

    /**
     * The rate in nats per token for a lossless tokenizer that turned {@code chars} characters into {@code tokens}
     * tokens: the total information is conserved, so rate per token = rate per char × chars / tokens.
     */
    public double perToken(long chars, long tokens) {
        return natsPerChar * charsPerToken(chars, tokens);
    }

    /** One standard error of {@link #perToken}, converted the same way. */
    public double stdErrorPerToken(long chars, long tokens) {
        return stdError * charsPerToken(chars, tokens);
    }

    private static double charsPerToken(long chars, long tokens) {
        if (chars <= 0 || tokens <= 0) {
            throw new IllegalArgumentException("chars and tokens must be > 0, got " + chars + ", " + tokens);
        }
        return (double) chars / tokens;
    }
}
