package dev.ladder.data.tokenizer;

import java.nio.file.Path;

/** Turns text into token ids and back; {@code decode(encode(x))} equals {@code x} for every text it accepts. */
public interface Tokenizer {

    /** The spec that builds this tokenizer: {@code char}, {@code bpe:<vocabSize>} or {@code tiktoken:<encoding>}. */
    String spec();

    /** Number of distinct token ids: every id from {@link #encode} is in [0, vocabSize). */
    int vocabSize();

    /**
     * The token ids of {@code text}.
     *
     * @throws dev.ladder.data.InvalidInputException when the text cannot be encoded (a character the char
     *         tokenizer never saw, an unpaired surrogate)
     */
    int[] encode(String text);

    /** The text of {@code tokens}; exact for anything {@link #encode} produced. */
    String decode(int[] tokens);

    /** Writes this tokenizer as a small JSON file that {@link Tokenizers#load} reads back (atomically). */
    void save(Path file);
}
