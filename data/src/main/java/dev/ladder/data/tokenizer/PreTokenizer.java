package dev.ladder.data.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into pre-tokens the way GPT-2 does (Radford et al. 2019): contractions, runs of letters, digits or
 * other symbols with an optional leading space, and whitespace, so BPE merges never cross a word boundary. Every
 * character falls in some pre-token, so the pre-tokens concatenate back to the text.
 */
final class PreTokenizer {

    private static final Pattern PATTERN = Pattern.compile(
            "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private PreTokenizer() {
    }

    static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher m = PATTERN.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw new IllegalStateException("pre-tokenizer skipped chars " + end + ".." + m.start());
            }
            pieces.add(m.group());
            end = m.end();
        }
        if (end != text.length()) {
            throw new IllegalStateException("pre-tokenizer stopped at " + end + " of " + text.length());
        }
        return pieces;
    }
}
