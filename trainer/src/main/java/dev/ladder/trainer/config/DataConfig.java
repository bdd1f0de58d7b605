package dev.ladder.trainer.config;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.corpus.Corpora;
import dev.ladder.data.tokenizer.Tokenizers;

/**
 * The {@code data} section: which text, how it is tokenized and split.
 *
 * @param corpus      corpus spec: {@code synthetic:<name>}, {@code file:<path>}, {@code jsonl:<path>#field}
 *                    (default {@code synthetic:default})
 * @param tokenizer   tokenizer spec: {@code char}, {@code bpe:<vocab>}, {@code tiktoken:<name>} (default {@code char})
 * @param valFraction share of the tokens held out for validation, in [0.01, 0.5] (default 0.1)
 * @param splitSeed   seed of the train/validation split (default 0)
 */
public record DataConfig(String corpus, String tokenizer, double valFraction, long splitSeed) {

    public DataConfig {
        if (corpus == null || corpus.isBlank()) {
            throw InvalidInputException.notAllowed(null, "data.corpus", corpus,
                    "a corpus spec such as synthetic:default");
        }
        if (tokenizer == null || tokenizer.isBlank()) {
            throw InvalidInputException.notAllowed(null, "data.tokenizer", tokenizer,
                    "char, bpe:<vocab>, tiktoken:<name>");
        }
        checkSpec("data.corpus", corpus, () -> Corpora.checkSpec(corpus), "^corpus spec: ");
        checkSpec("data.tokenizer", tokenizer, () -> Tokenizers.validate(tokenizer), "^tokenizer spec: ");
        if (!(valFraction >= 0.01 && valFraction <= 0.5)) {
            throw InvalidInputException.outOfRange(null, "data.valFraction", valFraction, "[0.01, 0.5]");
        }
    }

    private static void checkSpec(String key, String spec, Runnable check, String prefix) {
        try {
            check.run();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(key + " = \"" + spec + "\": " + e.getMessage().replaceFirst(prefix, ""),
                    e);
        }
    }

    public static DataConfig defaults() {
        return new DataConfig("synthetic:default", "char", 0.1, 0);
    }
}
