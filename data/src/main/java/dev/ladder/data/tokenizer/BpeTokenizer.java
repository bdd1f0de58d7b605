package dev.ladder.data.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.data.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code bpe:<vocabSize>}: byte-level BPE with merges learned by {@link BpeTrainer}. Encoding splits the text into
 * GPT-2 pre-tokens, takes each one's UTF-8 bytes and applies the merges by rank (lowest first); any well-formed text
 * encodes. The vocabulary is 256 bytes plus the merges learned, which is fewer than asked for when the training
 * corpus runs out of pairs. Decoding a sequence that {@code encode} did not make may give invalid UTF-8, which
 * decodes to U+FFFD like tiktoken's {@code errors="replace"}.
 */
public final class BpeTokenizer implements Tokenizer {

    private static final int CACHE_LIMIT = 1 << 20;

    private final String spec;
    private final List<int[]> merges;
    private final Map<Long, Integer> ranks = new HashMap<>();
    private final byte[][] tokenBytes;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    BpeTokenizer(String spec, List<int[]> merges) {
        this.spec = spec;
        this.merges = List.copyOf(merges);
        this.tokenBytes = new byte[256 + merges.size()][];
        for (int b = 0; b < 256; b++) {
            tokenBytes[b] = new byte[] {(byte) b};
        }
        for (int i = 0; i < merges.size(); i++) {
            int[] m = merges.get(i);
            if (m.length != 2 || m[0] < 0 || m[1] < 0 || m[0] >= 256 + i || m[1] >= 256 + i) {
                throw new InvalidInputException(spec + ": merge " + i + " = " + Arrays.toString(m)
                        + " is not allowed; allowed: two ids below " + (256 + i));
            }
            ranks.put(BpeTrainer.key(m[0], m[1]), i);
            byte[] left = tokenBytes[m[0]];
            byte[] right = tokenBytes[m[1]];
            byte[] both = Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, both, left.length, right.length);
            tokenBytes[256 + i] = both;
        }
    }

    /** Learns merges on {@code documents} until the vocabulary has {@code vocabSize} tokens. */
    static BpeTokenizer train(String spec, List<String> documents, int vocabSize) {
        for (String doc : documents) {
            WellFormedText.require(spec, doc);
        }
        return new BpeTokenizer(spec, BpeTrainer.train(documents, vocabSize));
    }

    static BpeTokenizer fromJson(Path file, String spec, JsonNode json) {
        List<int[]> merges = new ArrayList<>();
        for (JsonNode m : json.path("merges")) {
            merges.add(new int[] {m.path(0).asInt(-1), m.path(1).asInt(-1)});
        }
        return new BpeTokenizer(spec, merges);
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public int vocabSize() {
        return tokenBytes.length;
    }

    /** The merges in the order learned, each [left id, right id]; merge i makes token 256 + i. */
    public List<int[]> merges() {
        return merges.stream().map(int[]::clone).toList();
    }

    @Override
    public int[] encode(String text) {
        WellFormedText.require(spec, text);
        int[] out = new int[Math.max(16, text.length() / 2)];
        int n = 0;
        for (String piece : PreTokenizer.split(text)) {
            int[] ids = cache.get(piece);
            if (ids == null) {
                ids = encodePiece(piece);
                if (cache.size() < CACHE_LIMIT) cache.put(piece, ids);
            }
            if (n + ids.length > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length));
            System.arraycopy(ids, 0, out, n, ids.length);
            n += ids.length;
        }
        return Arrays.copyOf(out, n);
    }

    /** Applies the merges to one pre-token: repeatedly merges every occurrence of the lowest-ranked pair. */
    private int[] encodePiece(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        int[] symbols = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            symbols[i] = bytes[i] & 0xFF;
        }
        int n = symbols.length;
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                Integer rank = ranks.get(BpeTrainer.key(symbols[i], symbols[i + 1]));
                if (rank != null && rank < bestRank) bestRank = rank;
            }
            if (bestRank == Integer.MAX_VALUE) break;
            int[] m = merges.get(bestRank);
            int w = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && symbols[i] == m[0] && symbols[i + 1] == m[1]) {
                    symbols[w++] = 256 + bestRank;
                    i++;
                } else {
                    symbols[w++] = symbols[i];
                }
            }
            n = w;
        }
        return Arrays.copyOf(symbols, n);
    }

    @Override
    public String decode(int[] tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(tokens.length * 3);
        for (int t : tokens) {
            if (t < 0 || t >= tokenBytes.length) {
                throw new IllegalArgumentException("token " + t + " is outside [0, " + tokenBytes.length + ")");
            }
            bytes.write(tokenBytes[t], 0, tokenBytes[t].length);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void save(Path file) {
        ObjectNode json = TokenizerJson.MAPPER.createObjectNode();
        json.put("spec", spec);
        ArrayNode list = json.putArray("merges");
        for (int[] m : merges) {
            list.addArray().add(m[0]).add(m[1]);
        }
        TokenizerJson.write(file, json);
    }
}
