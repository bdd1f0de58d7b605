package dev.ladder.data.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.corpus.Corpus;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Builds tokenizers from their spec and loads saved ones. Specs: {@code char}, {@code bpe:<vocabSize>} (trained on
 * the corpus, 257..65536) and {@code tiktoken:<encoding>} (r50k_base, p50k_base, cl100k_base, o200k_base).
 */
public final class Tokenizers {

    /** Smallest and largest vocabulary a {@code bpe:} spec may ask for. */
    public static final int MIN_BPE_VOCAB = 257;
    public static final int MAX_BPE_VOCAB = 65_536;
    /** The allowed spec forms, as error messages list them. */
    public static final List<String> ALLOWED = List.of("char", "bpe:<vocabSize " + MIN_BPE_VOCAB + ".."
            + MAX_BPE_VOCAB + ">", "tiktoken:<" + String.join("|", TiktokenTokenizer.VOCAB_SIZES.keySet()) + ">");

    private Tokenizers() {
    }

    /** Builds the tokenizer {@code spec}, training it on {@code corpus} when it learns from data. */
    public static Tokenizer train(String spec, Corpus corpus) {
        return train(spec, corpus.documents());
    }

    /** Builds the tokenizer {@code spec}, training it on {@code texts} when it learns from data. */
    public static Tokenizer train(String spec, List<String> texts) {
        String s = spec == null ? "" : spec.strip();
        if (s.equals("char")) return CharTokenizer.train(texts);
        if (s.startsWith("bpe:")) return BpeTokenizer.train(s, texts, bpeVocab(s));
        if (s.startsWith("tiktoken:")) return tiktoken(s);
        throw InvalidInputException.notAllowed("tokenizer spec", "tokenizer", spec, ALLOWED);
    }

    /** Checks {@code spec} without training anything; returns it stripped. */
    public static String validate(String spec) {
        String s = spec == null ? "" : spec.strip();
        if (s.startsWith("bpe:")) bpeVocab(s);
        else if (s.startsWith("tiktoken:")) tiktoken(s);
        else if (!s.equals("char")) {
            throw InvalidInputException.notAllowed("tokenizer spec", "tokenizer", spec, ALLOWED);
        }
        return s;
    }

    /**
     * The vocabulary size {@code spec} fixes without seeing any text: {@code bpe:V} gives V (256 bytes plus V - 256
     * merges; fewer only when the training text runs out of pairs, and nothing else is added), {@code tiktoken:e} gives
     * the encoding's size; {@code char} is empty, since its vocabulary is the characters of the text.
     */
    public static OptionalInt vocabSize(String spec) {
        String s = validate(spec);
        if (s.startsWith("bpe:")) return OptionalInt.of(bpeVocab(s));
        if (s.startsWith("tiktoken:")) return OptionalInt.of(tiktoken(s).vocabSize());
        return OptionalInt.empty();
    }

    /** Reads a tokenizer written by {@link Tokenizer#save}. */
    public static Tokenizer load(Path file) {
        JsonNode json = TokenizerJson.read(file);
        String spec = json.path("spec").asText("");
        if (spec.equals("char")) return CharTokenizer.fromJson(file, json.path("alphabet").asText(""));
        if (spec.startsWith("bpe:")) return BpeTokenizer.fromJson(file, spec, json);
        if (spec.startsWith("tiktoken:")) return tiktoken(spec);
        throw InvalidInputException.notAllowed(file.toString(), "spec", spec, ALLOWED);
    }

    private static int bpeVocab(String spec) {
        String value = spec.substring("bpe:".length());
        try {
            int vocab = Integer.parseInt(value);
            if (vocab >= MIN_BPE_VOCAB && vocab <= MAX_BPE_VOCAB) return vocab;
        } catch (NumberFormatException e) {
            throw InvalidInputException.notAllowed("tokenizer spec", "bpe vocabSize", value,
                    "an integer in [" + MIN_BPE_VOCAB + ", " + MAX_BPE_VOCAB + "]");
        }
        throw InvalidInputException.outOfRange("tokenizer spec", "bpe vocabSize", value,
                "[" + MIN_BPE_VOCAB + ", " + MAX_BPE_VOCAB + "]");
    }

    private static Tokenizer tiktoken(String spec) {
        String name = spec.substring("tiktoken:".length());
        if (!TiktokenTokenizer.VOCAB_SIZES.containsKey(name)) {
            throw InvalidInputException.notAllowed("tokenizer spec", "tiktoken encoding", name,
                    TiktokenTokenizer.VOCAB_SIZES.keySet());
        }
        return new TiktokenTokenizer(name);
    }
}
