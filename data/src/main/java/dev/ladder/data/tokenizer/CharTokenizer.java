package dev.ladder.data.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.data.InvalidInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code char}: one token per Unicode code point; the vocabulary is the sorted distinct code points of the training
 * corpus. Encoding a character outside it is an error naming the character and its position.
 */
public final class CharTokenizer implements Tokenizer {

    private final int[] codePoints;
    private final Map<Integer, Integer> ids = new HashMap<>();

    CharTokenizer(int[] sortedCodePoints) {
        this.codePoints = sortedCodePoints.clone();
        for (int i = 0; i < codePoints.length; i++) {
            ids.put(codePoints[i], i);
        }
    }

    /** The tokenizer whose vocabulary is every code point in {@code documents}. */
    static CharTokenizer train(List<String> documents) {
        TreeSet<Integer> seen = new TreeSet<>();
        boolean[] ascii = new boolean[128];
        for (String doc : documents) {
            WellFormedText.require("char", doc);
            doc.codePoints().forEach(c -> {
                if (c < 128) ascii[c] = true;
                else seen.add(c);
            });
        }
        for (int c = 0; c < 128; c++) {
            if (ascii[c]) seen.add(c);
        }
        return new CharTokenizer(seen.stream().mapToInt(Integer::intValue).toArray());
    }

    static CharTokenizer fromJson(Path file, String alphabet) {
        int[] cps = alphabet.codePoints().toArray();
        int[] sorted = cps.clone();
        Arrays.sort(sorted);
        if (!Arrays.equals(cps, sorted) || Arrays.stream(cps).distinct().count() != cps.length) {
            throw new InvalidInputException(file + ": alphabet must list distinct code points in ascending order");
        }
        return new CharTokenizer(cps);
    }

    @Override
    public String spec() {
        return "char";
    }

    @Override
    public int vocabSize() {
        return codePoints.length;
    }

    @Override
    public int[] encode(String text) {
        WellFormedText.require("char", text);
        int[] tokens = new int[text.codePointCount(0, text.length())];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            Integer id = ids.get(c);
            if (id == null) {
                throw new InvalidInputException("char tokenizer: character '" + new String(Character.toChars(c))
                        + "' (U+" + String.format("%04X", c) + ") at char index " + i + " is not in the vocabulary of "
                        + codePoints.length + " characters learned from the training corpus; allowed: characters seen"
                        + " in training (or use bpe:<vocabSize>, which encodes any text)");
            }
            tokens[n++] = id;
            i += Character.charCount(c);
        }
        return tokens;
    }

    @Override
    public String decode(int[] tokens) {
        StringBuilder text = new StringBuilder(tokens.length);
        for (int t : tokens) {
            if (t < 0 || t >= codePoints.length) {
                throw new IllegalArgumentException("token " + t + " is outside [0, " + codePoints.length + ")");
            }
            text.appendCodePoint(codePoints[t]);
        }
        return text.toString();
    }

    @Override
    public void save(Path file) {
        ObjectNode json = TokenizerJson.MAPPER.createObjectNode();
        json.put("spec", spec());
        StringBuilder alphabet = new StringBuilder();
        for (int c : codePoints) {
            alphabet.appendCodePoint(c);
        }
        json.put("alphabet", alphabet.toString());
        TokenizerJson.write(file, json);
    }
}
