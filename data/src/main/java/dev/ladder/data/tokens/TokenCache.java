package dev.ladder.data.tokens;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.corpus.Corpora;
import dev.ladder.data.corpus.Corpus;
import dev.ladder.data.corpus.EntropyRate;
import dev.ladder.data.tokenizer.Tokenizer;
import dev.ladder.data.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Tokenizes a corpus once and keeps the result under {@code <cache>/tokens/<key>/}: train.bin + train.json,
 * val.bin + val.json and tokenizer.json. The key hashes the corpus content (SHA-256), the tokenizer spec and the
 * split parameters, so preparing the same corpus and tokenizer again only opens the files. A new entry is written
 * into a temporary folder that is renamed into place, so a crash never leaves a half-written entry.
 *
 * <p>A synthetic corpus is a function of its spec alone, so the entry it maps to is remembered for the life of the
 * process: a ladder's worker trains rung after rung of one corpus, and generating and hashing 12M characters again
 * for every rung took about 0.3 s each (measured 2026-12-01). Other corpora are hashed on every call, so a file
 * that changed between two runs gets its own entry.
 */
public final class TokenCache {

    /** The fewest tokens a split may hold: one input token and its target. */
    static final int MIN_SPLIT_TOKENS = 2;

    /** Where a synthetic corpus's entry is, by everything that names it; see the class comment. */
    private record Located(Path entry, Optional<EntropyRate> entropyRate) { }

    private static final Map<List<Object>, Located> SYNTHETIC = new ConcurrentHashMap<>();

    private TokenCache() {
    }

    /** The default cache folder: {@code $LADDER_CACHE} when set, else {@code ~/.cache/ladder}. */
    public static Path defaultDir() {
        String env = System.getenv("LADDER_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "ladder");
    }

    /**
     * Opens (or first builds) the token files of {@code corpusSpec} under {@code tokenizerSpec}.
     *
     * @param valFraction fraction of documents (or of 100 blocks, for a one-document corpus) held out, [0.01, 0.5]
     * @param splitSeed   seed of the train/val split
     */
    public static PreparedCorpus prepare(String corpusSpec, String tokenizerSpec, Path cacheDir, double valFraction,
                                         long splitSeed) {
        String tokenizer = Tokenizers.validate(tokenizerSpec);
        CorpusSplit.checkValFraction(valFraction);
        String spec = corpusSpec.strip();
        List<Object> name = List.of(spec, tokenizer, valFraction, splitSeed, cacheDir.toAbsolutePath().normalize());
        Located known = SYNTHETIC.get(name);
        if (known != null && Files.isDirectory(known.entry())) return open(known.entry(), known.entropyRate());
        Corpus corpus = Corpora.open(corpusSpec, cacheDir);
        String corpusHash = sha256(corpus.documents());
        Path entry = cacheDir.resolve("tokens").resolve(key(corpusHash, tokenizer, valFraction, splitSeed));
        if (!Files.isDirectory(entry)) {
            build(corpus, corpusHash, tokenizer, CorpusSplit.of(corpus.documents(), valFraction, splitSeed), entry);
        }
        if (spec.startsWith("synthetic:")) SYNTHETIC.put(name, new Located(entry, corpus.entropyRate()));
        return open(entry, corpus.entropyRate());
    }

    /** Opens a cache entry (or any folder with the same files). */
    static PreparedCorpus open(Path entry, Optional<EntropyRate> entropyRate) {
        TokenFile train = TokenFile.open(entry.resolve("train.bin"));
        TokenFile val = TokenFile.open(entry.resolve("val.bin"));
        Tokenizer tokenizer = Tokenizers.load(entry.resolve("tokenizer.json"));
        long chars = train.header().chars() + val.header().chars();
        long tokens = train.length() + val.length();
        return new PreparedCorpus(train, val, tokenizer, entropyRate, tokens == 0 ? 1 : (double) chars / tokens);
    }

    private static void build(Corpus corpus, String corpusHash, String tokenizerSpec, CorpusSplit split, Path entry) {
        Tokenizer tokenizer = Tokenizers.train(tokenizerSpec, List.of(split.train(), split.val()));
        int[] trainTokens = tokenizer.encode(split.train());
        int[] valTokens = tokenizer.encode(split.val());
        if (trainTokens.length < MIN_SPLIT_TOKENS || valTokens.length < MIN_SPLIT_TOKENS) {
            throw new InvalidInputException(corpus.spec() + ": too small to split: " + corpus.chars()
                    + " characters give " + trainTokens.length + " training and " + valTokens.length
                    + " validation tokens; allowed: at least " + MIN_SPLIT_TOKENS + " tokens in each split (a single"
                    + " document is cut into " + CorpusSplit.BLOCKS + " blocks, so at least a few hundred characters)");
        }
        try {
            Files.createDirectories(entry.getParent());
            Path tmp = Files.createTempDirectory(entry.getParent(), entry.getFileName() + ".tmp");
            tokenizer.save(tmp.resolve("tokenizer.json"));
            write(tmp.resolve("train.bin"), split.train(), trainTokens, split, tokenizer, corpus, corpusHash);
            write(tmp.resolve("val.bin"), split.val(), valTokens, split, tokenizer, corpus, corpusHash);
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token cache entry " + entry, e);
        }
    }

    private static void write(Path bin, String text, int[] tokens, CorpusSplit split, Tokenizer tokenizer,
                              Corpus corpus, String corpusHash) {
        String name = bin.getFileName().toString().replace(".bin", "");
        Optional<EntropyRate> rate = corpus.entropyRate();
        TokenHeader header = new TokenHeader(tokenizer.spec(), tokenizer.vocabSize(),
                TokenHeader.dtypeFor(tokenizer.vocabSize()), corpus.spec(), corpusHash, tokens.length,
                text.codePointCount(0, text.length()), name, split.splitBy(), split.valFraction(), split.splitSeed(),
                rate.map(EntropyRate::natsPerChar).orElse(null), rate.map(EntropyRate::stdError).orElse(null));
        TokenFile.write(bin, header, tokens);
    }

    /** SHA-256 over the documents, each as its UTF-8 byte length (8 bytes, big-endian) followed by the bytes. */
    static String sha256(List<String> documents) {
        MessageDigest digest = sha256();
        for (String doc : documents) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String key(String corpusHash, String tokenizer, double valFraction, long splitSeed) {
        String material = String.join("\n", corpusHash, tokenizer,
                String.format(Locale.ROOT, "%.17g", valFraction), Long.toString(splitSeed));
        MessageDigest digest = sha256();
        return HexFormat.of().formatHex(digest.digest(material.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
