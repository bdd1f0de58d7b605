package dev.ladder.data.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns byte-level BPE merges (Sennrich et al. 2016; byte-level as in GPT-2). Pre-tokens are counted once, then
 * each merge takes the most frequent adjacent pair (ties: the smaller left id, then the smaller right id) and
 * updates the pair counts only in the words that contain it, found through a pair-to-words index; a priority queue
 * with lazy deletion finds the best pair. Token ids: 0..255 are bytes, 256 + i is merge i.
 */
final class BpeTrainer {

    private final List<int[]> words = new ArrayList<>();
    private final List<Integer> frequencies = new ArrayList<>();
    private final Map<Long, Long> pairCounts = new HashMap<>();
    private final Map<Long, Set<Integer>> pairWords = new HashMap<>();
    private final PriorityQueue<long[]> queue = new PriorityQueue<>(BpeTrainer::compare);

    private BpeTrainer(Map<String, Integer> preTokenCounts) {
        preTokenCounts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] symbols = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                symbols[i] = bytes[i] & 0xFF;
            }
            int index = words.size();
            words.add(symbols);
            frequencies.add(e.getValue());
            addPairs(index, symbols, e.getValue(), null);
        });
        pairCounts.forEach((pair, count) -> queue.add(new long[] {count, pair}));
    }

    /** The merges, as [left, right] pairs in the order learned, until {@code vocabSize} tokens or no pair is left. */
    static List<int[]> train(List<String> documents, int vocabSize) {
        Map<String, Integer> counts = new HashMap<>();
        for (String doc : documents) {
            for (String piece : PreTokenizer.split(doc)) {
                counts.merge(piece, 1, Integer::sum);
            }
        }
        return new BpeTrainer(counts).learn(vocabSize - 256);
    }

    private List<int[]> learn(int merges) {
        List<int[]> learned = new ArrayList<>();
        while (learned.size() < merges) {
            long[] best = queue.poll();
            if (best == null) break;
            Long current = pairCounts.get(best[1]);
            if (current == null || current != best[0]) continue;
            int left = (int) (best[1] >>> 32);
            int right = (int) best[1];
            merge(left, right, 256 + learned.size());
            learned.add(new int[] {left, right});
        }
        return learned;
    }

    private void merge(int left, int right, int token) {
        long pair = key(left, right);
        Set<Long> changed = new HashSet<>();
        for (int index : new ArrayList<>(pairWords.remove(pair))) {
            int[] symbols = words.get(index);
            int frequency = frequencies.get(index);
            addPairs(index, symbols, -frequency, changed);
            int[] merged = new int[symbols.length];
            int n = 0;
            for (int i = 0; i < symbols.length; i++) {
                if (i + 1 < symbols.length && symbols[i] == left && symbols[i + 1] == right) {
                    merged[n++] = token;
                    i++;
                } else {
                    merged[n++] = symbols[i];
                }
            }
            int[] result = Arrays.copyOf(merged, n);
            words.set(index, result);
            addPairs(index, result, frequency, changed);
        }
        pairCounts.remove(pair);
        changed.remove(pair);
        for (long p : changed) {
            Long count = pairCounts.get(p);
            if (count != null) queue.add(new long[] {count, p});
        }
    }

    /** Adds {@code delta} to the count of every adjacent pair of {@code symbols}, indexing the word when adding. */
    private void addPairs(int index, int[] symbols, long delta, Set<Long> changed) {
        for (int i = 0; i + 1 < symbols.length; i++) {
            long pair = key(symbols[i], symbols[i + 1]);
            long count = pairCounts.getOrDefault(pair, 0L) + delta;
            if (count == 0) pairCounts.remove(pair);
            else pairCounts.put(pair, count);
            if (delta > 0) pairWords.computeIfAbsent(pair, p -> new HashSet<>()).add(index);
            if (changed != null) changed.add(pair);
        }
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Higher count first; ties go to the smaller pair key, i.e. the smaller left id, then the smaller right id. */
    private static int compare(long[] a, long[] b) {
        int byCount = Long.compare(b[0], a[0]);
        return byCount != 0 ? byCount : Long.compare(a[1], b[1]);
    }
}
