package dev.ladder.data.corpus;

import dev.ladder.data.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/**
 * {@code synthetic:<name>[?chars=N][&seed=S][&redraw=R][&words=W][&order=2]}: text sampled from a built-in language with a
 * known entropy rate. {@code chars} is the length to sample (the text ends after a whole word, so it may run a few
 * characters over; default per language), {@code seed} seeds the sampler (default 1); the language itself is fixed by its name and,
 * for {@code default}, by {@code redraw}: the share of its word rules redrawn (default 0), which makes a related
 * target language for fine-tuning, and {@code words}: the size of its vocabulary (32..4096, default 4096), which
 * sets how low a small model's loss can get, and {@code order}: 3 (default) for word-trigram rules, 2 for a
 * word-bigram language whose rules a classroom-sized model can all learn.
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
    private static final Map<String, DoubleFunction<SyntheticLanguage>> LANGUAGES = new TreeMap<>(Map.of(
            "default", WordNgramLanguage::new,
            "markov", redraw -> new CharMarkovChain()));

    @Override
    public Corpus open(String spec, String argument, Path cacheDir) {
        Parsed parsed = parse(spec, argument);
        SyntheticLanguage.Sample sample = parsed.language().sample(parsed.seed(), parsed.chars());
        return new TextCorpus(spec, List.of(sample.text()), Optional.of(sample.entropyRate()));
    }

    /** The context floor of the language {@code argument} names (the part of the spec after "synthetic:"). */
    static Optional<ContextFloor> contextFloor(String spec, String argument, int contextLength) {
        return parse(spec, argument).language().contextFloor(contextLength);
    }

    /** A spec's language (its name and parameters), sample length and sampler seed. */
    private record Parsed(SyntheticLanguage language, int chars, long seed) { }

    private static Parsed parse(String spec, String argument) {
        int question = argument.indexOf('?');
        String name = question < 0 ? argument : argument.substring(0, question);
        DoubleFunction<SyntheticLanguage> constructor = LANGUAGES.get(name);
        if (constructor == null) {
            throw InvalidInputException.notAllowed(spec, "synthetic name", name,
                    LANGUAGES.keySet().stream().map(n -> "synthetic:" + n).toList());
        }
        Long chars = null;
        long seed = 1;
        double redraw = 0;
        Long words = null;
        int order = 3;
        String query = question < 0 ? "" : argument.substring(question + 1);
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            switch (key) {
                case "chars" -> chars = parseLong(spec, key, value);
                case "seed" -> seed = parseLong(spec, key, value);
                case "redraw" -> redraw = parseRedraw(spec, name, value);
                case "words" -> words = parseWords(spec, name, value);
                case "order" -> order = parseOrder(spec, name, value);
                default -> throw InvalidInputException.notAllowed(spec, "parameter", key,
                        List.of("chars", "seed", "redraw", "words", "order"));
            }
        }
        SyntheticLanguage language = words == null && order == 3 ? constructor.apply(redraw)
                : new WordNgramLanguage(redraw, words == null ? WordNgramLanguage.VOCAB : words.intValue(), order);
        if (chars == null) chars = (long) language.defaultChars();
        if (chars < MIN_CHARS || chars > MAX_CHARS) {
            throw InvalidInputException.outOfRange(spec, "chars", chars, "[" + MIN_CHARS + ", " + MAX_CHARS + "]");
        }
        return new Parsed(language, chars.intValue(), seed);
    }

    private static long parseWords(String spec, String name, String value) {
        if (!name.equals("default")) {
            throw InvalidInputException.notAllowed(spec, "parameter", "words", "only with synthetic:default");
        }
        long words = parseLong(spec, "words", value);
        if (words < WordNgramLanguage.MIN_WORDS || words > WordNgramLanguage.VOCAB) {
            throw InvalidInputException.outOfRange(spec, "words", words,
                    "[" + WordNgramLanguage.MIN_WORDS + ", " + WordNgramLanguage.VOCAB + "]");
        }
        return words;
    }

    private static int parseOrder(String spec, String name, String value) {
        if (!name.equals("default")) {
            throw InvalidInputException.notAllowed(spec, "parameter", "order", "only with synthetic:default");
        }
        if (!value.equals("2") && !value.equals("3")) {
            throw InvalidInputException.notAllowed(spec, "order", value, List.of("2", "3"));
        }
        return Integer.parseInt(value);
    }

    private static double parseRedraw(String spec, String name, String value) {
        if (!name.equals("default")) {
            throw InvalidInputException.notAllowed(spec, "parameter", "redraw", "only with synthetic:default");
        }
        double redraw;
        try {
            redraw = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw InvalidInputException.notAllowed(spec, "redraw", value, "a number in [0, 1]");
        }
        if (!(redraw >= 0 && redraw <= 1)) throw InvalidInputException.outOfRange(spec, "redraw", redraw, "[0, 1]");
        return redraw;
    }

    private static long parseLong(String spec, String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw InvalidInputException.notAllowed(spec, key, value, "an integer");
        }
    }
}
