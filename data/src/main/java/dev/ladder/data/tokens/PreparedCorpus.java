package dev.ladder.data.tokens;

import dev.ladder.data.corpus.EntropyRate;
import dev.ladder.data.tokenizer.Tokenizer;
import java.util.Objects;
import java.util.Optional;

/**
 * A tokenized corpus ready for training: the train and val token files, the tokenizer that made them, and the
 * entropy rate when the corpus is synthetic.
 *
 * @param entropyRate   the corpus entropy rate in nats per character; empty for real text
 * @param charsPerToken characters per token over both splits (the factor that converts per-char rates to per-token)
 */
public record PreparedCorpus(TokenFile train, TokenFile val, Tokenizer tokenizer, Optional<EntropyRate> entropyRate,
                             double charsPerToken) {

    public PreparedCorpus {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(val, "val");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(entropyRate, "entropyRate");
    }

    /** The entropy rate in nats per token: rate per char × chars per token. */
    public Optional<Double> entropyRatePerToken() {
        return entropyRate.map(r -> r.natsPerChar() * charsPerToken);
    }

    /** One standard error of {@link #entropyRatePerToken()}. */
    public Optional<Double> entropyRateErrorPerToken() {
        return entropyRate.map(r -> r.stdError() * charsPerToken);
    }
}
