package dev.ladder.data.tokens;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.corpus.Corpora;
import dev.ladder.data.corpus.Corpus;
import dev.ladder.data.tokenizer.Tokenizers;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The vocabulary size a tokenizer will have on a corpus, found without preparing token files: from the tokenizer
 * spec when it fixes the size ({@code bpe:V}, {@code tiktoken:e}), else ({@code char}) by counting the corpus's
 * distinct characters in memory, which for a synthetic corpus means generating it and for any other needs its text.
 *
 * @param size how many tokens
 * @param how  where the size came from, for the plan's header line
 */
public record VocabularySize(int size, String how) {

    /**
     * The vocabulary size of {@code tokenizerSpec} on {@code corpusSpec}.
     *
     * @throws InvalidInputException when a spec is invalid, or the vocabulary depends on a text that is not there;
     *                               the message says so and how to get the text or avoid needing it
     */
    public static VocabularySize of(String corpusSpec, String tokenizerSpec, Path cacheDir) {
        String tokenizer = Tokenizers.validate(tokenizerSpec);
        OptionalInt fromSpec = Tokenizers.vocabSize(tokenizer);
        if (fromSpec.isPresent()) {
            String bound = tokenizer.startsWith("bpe:") ? ", at most: fewer only if the text runs out of pairs" : "";
            return new VocabularySize(fromSpec.getAsInt(), "from the tokenizer spec " + tokenizer + bound);
        }
        Corpus corpus;
        try {
            corpus = Corpora.open(corpusSpec, cacheDir);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("tokenizer " + tokenizer + " takes its vocabulary from the text of "
                    + corpusSpec + ", so this needs the corpus: " + e.getMessage() + "; or use a tokenizer whose spec"
                    + " fixes the vocabulary: bpe:<vocabSize> or tiktoken:<encoding>", e);
        }
        return new VocabularySize(Tokenizers.train(tokenizer, corpus).vocabSize(),
                "the distinct characters of " + corpus.spec());
    }
}
