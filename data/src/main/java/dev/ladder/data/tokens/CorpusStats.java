package dev.ladder.data.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ladder.data.corpus.Corpus;
import dev.ladder.data.corpus.EntropyRate;
import dev.ladder.data.tokenizer.Tokenizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Size and entropy figures of a corpus under a tokenizer, as {@code ladder corpus stats} prints them.
 *
 * @param unigramEntropy          entropy of the token frequencies, nats per token: −Σ p ln p over token ids
 * @param entropyRate             the known entropy rate in nats per token (synthetic corpora), else null
 * @param entropyRateError        one standard error of entropyRate, else null
 * @param entropyRatePerChar      the known entropy rate in nats per character, else null
 * @param entropyRateErrorPerChar one standard error of entropyRatePerChar, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CorpusStats(String corpus, String tokenizer, int documents, long chars, long tokens, int vocabSize,
                          double charsPerToken, double unigramEntropy, Double entropyRate, Double entropyRateError,
                          Double entropyRatePerChar, Double entropyRateErrorPerChar) {

    /** Encodes every document of {@code corpus} with {@code tokenizer} and counts. */
    public static CorpusStats of(Corpus corpus, Tokenizer tokenizer) {
        Map<Integer, Long> counts = new HashMap<>();
        long tokens = 0;
        for (String doc : corpus.documents()) {
            for (int t : tokenizer.encode(doc)) {
                counts.merge(t, 1L, Long::sum);
                tokens++;
            }
        }
        double entropy = 0;
        for (long count : counts.values()) {
            double p = (double) count / tokens;
            entropy -= p * Math.log(p);
        }
        long chars = corpus.chars();
        EntropyRate rate = corpus.entropyRate().orElse(null);
        return new CorpusStats(corpus.spec(), tokenizer.spec(), corpus.documents().size(), chars, tokens,
                tokenizer.vocabSize(), (double) chars / tokens, entropy,
                rate == null ? null : rate.perToken(chars, tokens),
                rate == null ? null : rate.stdErrorPerToken(chars, tokens),
                rate == null ? null : rate.natsPerChar(), rate == null ? null : rate.stdError());
    }
}
