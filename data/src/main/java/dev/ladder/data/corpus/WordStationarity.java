package dev.ladder.data.corpus;

import dev.ladder.data.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a window's hidden start needs to know of the stationary word process of a {@link WordNgramLanguage}: the
 * share π(w) of word tokens that are w, and the next word's distribution given w alone,
 * P(w′ | w) = Σ_v π(v | w)·p(w′ | v, w). Its unigram and bigram parts do not depend on v; this class holds the
 * trigram part with v averaged out, τ_w(w′) = Σ_v π(v | w)·Σ_i 0.45·g_i·[succ_i(v, w) = w′].
 *
 * <p>{@link #exact} finds the stationary distribution over word pairs by power iteration (W² states), so π and τ
 * are exact to 1e-13; {@link #sampled} estimates them from a stream of the generator's words: π(w) as the stream's
 * mean of p(w | u_i, v_i) (a Rao–Blackwellised frequency) and τ_w from the words before w's first K occurrences,
 * which are draws from π(v | w).
 */
final class WordStationarity {

    /** Largest vocabulary {@link #exact} accepts: 512² pairs and their 8 trigram successors take 10 MB. */
    static final int MAX_EXACT_WORDS = 512;
    private static final int TRIGRAM_SLOTS = WordNgramLanguage.SLOTS - WordNgramLanguage.BIGRAM_SUCCESSORS;
    private static final int BURN_IN_WORDS = 1000;

    private final double[] unigram;
    /** Per word w: the ranks τ_w gives weight to, ascending. */
    private final int[][] trigramNext;
    /** Per word w: the weights of trigramNext, summing to 0.45. */
    private final double[][] trigramWeight;

    private WordStationarity(double[] unigram, int[][] trigramNext, double[][] trigramWeight) {
        this.unigram = unigram;
        this.trigramNext = trigramNext;
        this.trigramWeight = trigramWeight;
    }

    /** π(w). */
    double unigram(int w) {
        return unigram[w];
    }

    /** The ranks of the trigram part of P(· | w), ascending. */
    int[] trigramNext(int w) {
        return trigramNext[w];
    }

    /** The weights of {@link #trigramNext}. */
    double[] trigramWeight(int w) {
        return trigramWeight[w];
    }

    /** P(next | w) with the word before w averaged over its stationary distribution. */
    double next(WordNgramLanguage language, int w, int next) {
        double p = language.unigramTerm(next);
        for (int slot = 0; slot < WordNgramLanguage.BIGRAM_SUCCESSORS; slot++) {
            if (language.successor(0, w, slot) == next) p += language.slotWeight(slot);
        }
        int i = Arrays.binarySearch(trigramNext[w], next);
        return i >= 0 ? p + trigramWeight[w][i] : p;
    }

    /** Exact, by power iteration over the W² word pairs (u, v) until the L1 change is below 1e-13. */
    static WordStationarity exact(WordNgramLanguage language) {
        int n = language.vocab();
        if (n > MAX_EXACT_WORDS) throw new IllegalArgumentException("exact needs at most " + MAX_EXACT_WORDS + " words");
        int[] trigram = new int[n * n * TRIGRAM_SLOTS];
        for (int pair = 0; pair < n * n; pair++) {
            for (int i = 0; i < TRIGRAM_SLOTS; i++) {
                trigram[pair * TRIGRAM_SLOTS + i] = language.successor(pair / n, pair % n,
                        WordNgramLanguage.BIGRAM_SUCCESSORS + i);
            }
        }
        double[] pairs = new double[n * n];
        Arrays.fill(pairs, 1.0 / (n * n));
        for (int iteration = 0; ; iteration++) {
            if (iteration == 100_000) throw new IllegalStateException("power iteration did not converge");
            double[] next = new double[n * n];
            double[] marginal = secondMarginal(pairs, n);
            for (int v = 0; v < n; v++) {
                for (int w = 0; w < n; w++) next[v * n + w] += marginal[v] * language.unigramTerm(w);
                for (int slot = 0; slot < WordNgramLanguage.BIGRAM_SUCCESSORS; slot++) {
                    next[v * n + language.successor(0, v, slot)] += marginal[v] * language.slotWeight(slot);
                }
            }
            for (int pair = 0; pair < n * n; pair++) {
                int v = pair % n;
                for (int i = 0; i < TRIGRAM_SLOTS; i++) {
                    next[v * n + trigram[pair * TRIGRAM_SLOTS + i]] += pairs[pair]
                            * language.slotWeight(WordNgramLanguage.BIGRAM_SUCCESSORS + i);
                }
            }
            double change = 0;
            for (int pair = 0; pair < n * n; pair++) change += Math.abs(next[pair] - pairs[pair]);
            pairs = next;
            if (change < 1e-13) break;
        }
        double[] unigram = secondMarginal(pairs, n);
        double[][] dense = new double[n][n];
        for (int pair = 0; pair < n * n; pair++) {
            int w = pair % n;
            for (int i = 0; i < TRIGRAM_SLOTS; i++) {
                dense[w][trigram[pair * TRIGRAM_SLOTS + i]] += pairs[pair] / unigram[w]
                        * language.slotWeight(WordNgramLanguage.BIGRAM_SUCCESSORS + i);
            }
        }
        return fromDense(unigram, dense);
    }

    /**
     * Estimated from {@code words} words of the generator (after 1,000 words of burn-in), once for each count in
     * {@code perWord}: with the words before each word's first perWord[i] occurrences, so the estimates share one
     * stream and a smaller count uses a subset of a larger one's predecessors. A word that never occurs takes the
     * words before the stream's last few words, draws from π(v) (it weighs about 1/words in the floor).
     */
    static List<WordStationarity> sampled(WordNgramLanguage language, int words, long seed, int... perWord) {
        int n = language.vocab();
        int most = Arrays.stream(perWord).max().orElseThrow();
        SplitMix64 rng = new SplitMix64(seed);
        int u = 0;
        int v = 0;
        for (int i = 0; i < BURN_IN_WORDS; i++) {
            int w = language.drawWord(rng, u, v);
            u = v;
            v = w;
        }
        double[] ruleMass = new double[n];
        int[][] before = new int[n][most];
        int[] seen = new int[n];
        int[] recent = new int[most];
        for (int i = 0; i < words; i++) {
            for (int slot = 0; slot < WordNgramLanguage.SLOTS; slot++) {
                ruleMass[language.successor(u, v, slot)] += language.slotWeight(slot);
            }
            int w = language.drawWord(rng, u, v);
            if (seen[w] < most) before[w][seen[w]++] = v;
            recent[i % most] = v;
            u = v;
            v = w;
        }
        double[] unigram = new double[n];
        for (int w = 0; w < n; w++) unigram[w] = language.unigramTerm(w) + ruleMass[w] / words;
        List<WordStationarity> estimates = new ArrayList<>();
        double[] row = new double[n];
        for (int count : perWord) {
            int[][] next = new int[n][];
            double[][] weight = new double[n][];
            for (int w = 0; w < n; w++) {
                int[] predecessors = Arrays.copyOf(seen[w] > 0 ? before[w] : recent,
                        seen[w] > 0 ? Math.min(seen[w], count) : count);
                Arrays.fill(row, 0);
                for (int p : predecessors) {
                    for (int i = 0; i < TRIGRAM_SLOTS; i++) {
                        int slot = WordNgramLanguage.BIGRAM_SUCCESSORS + i;
                        row[language.successor(p, w, slot)] += language.slotWeight(slot) / predecessors.length;
                    }
                }
                next[w] = support(row);
                weight[w] = values(row, next[w]);
            }
            estimates.add(new WordStationarity(unigram, next, weight));
        }
        return estimates;
    }

    private static double[] secondMarginal(double[] pairs, int n) {
        double[] marginal = new double[n];
        for (int pair = 0; pair < n * n; pair++) marginal[pair % n] += pairs[pair];
        return marginal;
    }

    private static WordStationarity fromDense(double[] unigram, double[][] dense) {
        int n = unigram.length;
        int[][] next = new int[n][];
        double[][] weight = new double[n][];
        for (int w = 0; w < n; w++) {
            next[w] = support(dense[w]);
            weight[w] = values(dense[w], next[w]);
        }
        return new WordStationarity(unigram, next, weight);
    }

    /** The indices of the positive entries of {@code row}, ascending. */
    private static int[] support(double[] row) {
        int count = 0;
        for (double x : row) if (x > 0) count++;
        int[] indices = new int[count];
        int j = 0;
        for (int r = 0; r < row.length; r++) if (row[r] > 0) indices[j++] = r;
        return indices;
    }

    private static double[] values(double[] row, int[] indices) {
        double[] values = new double[indices.length];
        for (int j = 0; j < indices.length; j++) values[j] = row[indices[j]];
        return values;
    }
}
