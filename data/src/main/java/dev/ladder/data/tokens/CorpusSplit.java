package dev.ladder.data.tokens;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.SplitMix64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A deterministic train/val split of a corpus. With several documents, round(valFraction × documents) of them (at
 * least 1, at most all but 1) go to val, chosen by a seeded hash of their index, and each split's documents are
 * joined with "\n" in corpus order. With one document, the text is cut into 100 equal blocks and
 * round(valFraction × 100) blocks (at least 1) go to val the same way; each split's blocks are joined in order.
 *
 * @param splitBy     "document" or "block"
 * @param valFraction the fraction asked for
 * @param splitSeed   the seed of the choice
 */
public record CorpusSplit(String train, String val, String splitBy, double valFraction, long splitSeed) {

    static final int BLOCKS = 100;
    public static final double MIN_VAL_FRACTION = 0.01;
    public static final double MAX_VAL_FRACTION = 0.5;

    static CorpusSplit of(List<String> documents, double valFraction, long seed) {
        checkValFraction(valFraction);
        if (documents.size() > 1) {
            boolean[] isVal = chooseVal(documents.size(), valFraction, seed);
            return new CorpusSplit(join(documents, isVal, false, "\n"), join(documents, isVal, true, "\n"),
                    "document", valFraction, seed);
        }
        List<String> blocks = blocks(documents.get(0));
        boolean[] isVal = chooseVal(blocks.size(), valFraction, seed);
        return new CorpusSplit(join(blocks, isVal, false, ""), join(blocks, isVal, true, ""), "block", valFraction,
                seed);
    }

    static void checkValFraction(double valFraction) {
        if (!(valFraction >= MIN_VAL_FRACTION && valFraction <= MAX_VAL_FRACTION)) {
            throw InvalidInputException.outOfRange("corpus split", "valFraction", valFraction,
                    "[" + MIN_VAL_FRACTION + ", " + MAX_VAL_FRACTION + "]");
        }
    }

    /** Marks round(fraction × n) items (1..n−1) as val: those with the smallest seeded hash of their index. */
    private static boolean[] chooseVal(int n, double fraction, long seed) {
        int count = (int) Math.max(1, Math.min(n - 1, Math.round(fraction * n)));
        long mixedSeed = SplitMix64.mix(seed);
        boolean[] isVal = new boolean[n];
        IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> SplitMix64.mix(mixedSeed + i)).thenComparing(i -> i))
                .limit(count).forEach(i -> isVal[i] = true);
        return isVal;
    }

    /** The text cut into BLOCKS pieces of nearly equal length, never inside a surrogate pair. */
    private static List<String> blocks(String text) {
        List<String> blocks = new ArrayList<>(BLOCKS);
        int start = 0;
        for (int b = 1; b <= BLOCKS; b++) {
            int end = (int) ((long) text.length() * b / BLOCKS);
            if (end > start && end < text.length() && Character.isLowSurrogate(text.charAt(end))) end++;
            end = Math.max(end, start);
            blocks.add(text.substring(start, end));
            start = end;
        }
        return blocks;
    }

    private static String join(List<String> parts, boolean[] isVal, boolean wantVal, String separator) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (isVal[i] != wantVal) continue;
            if (!text.isEmpty()) text.append(separator);
            text.append(parts.get(i));
        }
        return text.toString();
    }
}
