package dev.ladder.data.corpus;

import dev.ladder.data.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code synthetic:<name>[?chars=N][&seed=S][&words=W]}: text sampled from a built-in language with a known entropy
 * rate. {@code chars} is the length to sample (the text ends after a whole word, so it may run a few characters over;
 * default per language), {@code seed} seeds the sampler (default 1); the language itself is fixed by its name, and for
 * {@code default} by {@code words}, the size of its vocabulary (default 4096).
 * <ul>
 *   <li>{@code default}: {@link WordNgramLanguage}, made-up words with Zipf frequencies and word-trigram structure,
 *       8,000,000 characters by default; the embedded default corpus of the classroom demo.</li>
 *   <li>{@code markov}: {@link CharMarkovChain}, a character-level order-2 Markov chain with an exact entropy rate,
 *       1,000,000 characters by default; small and simple, for tests.</li>
 * </ul>
 */
final class SyntheticSource implements CorpusSource {

    static final int MIN_CHARS = 1_000;
    static final int MAX_CHARS = 500_000_000;
    private static final Map<String, Supplier<SyntheticLanguage>> LANGUAGES = new TreeMap<>(Map.of(
            "default", WordNgramLanguage::new,
            "markov", CharMarkovChain::new));

    @Override
    public Corpus open(String spec, String argument, Path cacheDir) {
        int question = argument.indexOf('?');
        String name = question < 0 ? argument : argument.substring(0, question);
        Supplier<SyntheticLanguage> supplier = LANGUAGES.get(name);
        if (supplier == null) {
            throw InvalidInputException.notAllowed(spec, "synthetic name", name,
                    LANGUAGES.keySet().stream().map(n -> "synthetic:" + n).toList());
        }
        Long chars = null;
        long seed = 1;
        Long words = null;
        String query = question < 0 ? "" : argument.substring(question + 1);
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            switch (key) {
                case "chars" -> chars = parseLong(spec, key, value);
                case "seed" -> seed = parseLong(spec, key, value);
                case "words" -> words = parseLong(spec, key, value);
                default -> throw InvalidInputException.notAllowed(spec, "parameter", key,
                        List.of("chars", "seed", "words"));
            }
        }
        SyntheticLanguage language = supplier.get();
        if (words != null) {
            if (!name.equals("default")) {
                throw InvalidInputException.notAllowed(spec, "parameter", "words", List.of("chars", "seed"));
            }
            if (words < WordNgramLanguage.MIN_WORDS || words > WordNgramLanguage.VOCAB) {
                throw InvalidInputException.outOfRange(spec, "words", words,
                        "[" + WordNgramLanguage.MIN_WORDS + ", " + WordNgramLanguage.VOCAB + "]");
            }
            language = new WordNgramLanguage(words.intValue());
        }
        if (chars == null) chars = (long) language.defaultChars();
        if (chars < MIN_CHARS || chars > MAX_CHARS) {
            throw InvalidInputException.outOfRange(spec, "chars", chars, "[" + MIN_CHARS + ", " + MAX_CHARS + "]");
        }
        SyntheticLanguage.Sample sample = language.sample(seed, chars.intValue());
        return new TextCorpus(spec, List.of(sample.text()), Optional.of(sample.entropyRate()));
    }

    private static long parseLong(String spec, String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw InvalidInputException.notAllowed(spec, key, value, "an integer");
        }
    }
}
