package dev.ladder.data.corpus;

import dev.ladder.data.SplitMix64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default synthetic language: sentences of made-up words with structure at several scales, so that bigger
 * models keep lowering the loss. From small to large scale:
 * <ul>
 *   <li>spelling: 4096 words (fewer with {@code synthetic:default?words=N}) built from syllables (frequent words are short, as in natural language), so the
 *       letters inside a word are nearly determined by its first letters;</li>
 *   <li>word frequencies: a Zipf–Mandelbrot law, p(rank r) ∝ (r + 2.7)^−1.1;</li>
 *   <li>word-to-word transitions: the next word w after (u, v) comes from the mixture
 *       0.2·unigram(w) + 0.35·bigram(w | v) + 0.45·trigram(w | u, v), where each word v has 16 successors with
 *       geometric weights and each pair (u, v) has 8 successors chosen by a hash of the pair;</li>
 *   <li>punctuation: after each word a full stop (7%, then a newline 20% of the time), a comma (6%) or a space;
 *       the word after a full stop is capitalised.</li>
 * </ul>
 * Words are told apart by their separators and every spelling is unique, so the text determines the derivation
 * and −ln p(text) is the sum of the −ln p of each choice. The entropy rate (Shannon–McMillan–Breiman) is
 * estimated as the sample's total −ln p over its characters; the standard error comes from 64 batch means over the
 * sample. With the default 8,000,000 characters it is 0.5296 ± 0.0003 nats per character.
 *
 * <p>A related language for fine-tuning ({@code synthetic:default?redraw=r}) keeps the spellings, frequencies and
 * punctuation and redraws a share r of the word rules: each bigram successor and each trigram successor is redrawn
 * from the Zipf law when a fixed hash of its slot falls below r. The redrawn sets are nested (r = 0.3 redraws a subset
 * of what r = 0.5 redraws), r = 0 is the default language and r = 1 keeps no rule, so transfer from the default
 * language is real and tunable. Its entropy rate is computed in the same way from its own probabilities.
 */
final class WordNgramLanguage implements SyntheticLanguage {

    static final int VOCAB = 4096;
    /** Fewest words a language may have. */
    static final int MIN_WORDS = 32;
    private static final long TABLE_SEED = 0x5EED_0001L;
    /** Seeds the hashes that decide which rules are redrawn and what they become. */
    private static final long REDRAW_SEED = 0x5EED_0002L;
    static final int BIGRAM_SUCCESSORS = 16;
    private static final int TRIGRAM_SUCCESSORS = 8;
    /** Rule slots per context: the bigram successors, then the trigram successors. */
    static final int SLOTS = BIGRAM_SUCCESSORS + TRIGRAM_SUCCESSORS;
    private static final double W_UNIGRAM = 0.2;
    private static final double W_BIGRAM = 0.35;
    private static final double W_TRIGRAM = 0.45;
    private static final double P_FULL_STOP = 0.07;
    private static final double P_NEWLINE = 0.2;
    private static final double P_COMMA = 0.06;
    private static final int BATCHES = 64;
    /** Windows of the floor with exact statistics: its standard error is then about 0.0005 nats at T = 64. */
    private static final int FLOOR_WINDOWS_EXACT = 40_000;
    /** Windows with sampled statistics, where the bias check dominates the error and each window costs more. */
    private static final int FLOOR_WINDOWS_SAMPLED = 3000;
    private static final int FLOOR_CHECK_WINDOWS = 1000;
    private static final int FLOOR_STREAM_WORDS = 1 << 20;
    private static final int FLOOR_PREDECESSORS = 256;
    private static final long FLOOR_SEED = 0x5EED_F00DL;
    /** Floors computed in this JVM, by "redraw/words/T". */
    private static final Map<String, ContextFloor> FLOORS = new ConcurrentHashMap<>();

    private final String[] words;
    private final double[] zipf;
    private final double[] zipfCumulative;
    /** zipfGuide[b] = drawZipf(b / vocab), so a draw x in [b, b + 1) / vocab searches only between neighbours. */
    private final int[] zipfGuide;
    private final int[] bigram;
    private final double[] bigramWeights;
    private final double[] trigramWeights;
    private final double redraw;
    private final int vocab;
    /** 3: words depend on the two words before them (the default); 2: on the one word before them. */
    private final int order;
    private final double wBigram;
    private final double wTrigram;
    private WordNgramFloor floor;
    private WordNgramFloor floorCheck;

    /** The default language. */
    WordNgramLanguage() {
        this(0);
    }

    /** The language with a share {@code redraw} in [0, 1] of its word rules redrawn. */
    WordNgramLanguage(double redraw) {
        this(redraw, VOCAB);
    }

    /**
     * The language over its {@code vocab} most frequent words (the Zipf law truncated and renormalised, every rule
     * drawn among them), with a share {@code redraw} of its word rules redrawn. A smaller vocabulary lowers the loss
     * small models can reach; {@code vocab} = 4096 gives exactly the default language.
     */
    WordNgramLanguage(double redraw, int vocab) {
        this(redraw, vocab, 3);
    }

    /**
     * As {@link #WordNgramLanguage(double, int)}, and with {@code order} 2 a word-bigram language: the trigram rules'
     * weight 0.45 goes to the bigram rules (so p(w | u, v) = 0.2·unigram(w) + 0.8·bigram(w | v)); everything else,
     * the spellings, frequencies, bigram rules and punctuation, is the order-3 language's. A small model can learn
     * all of it: the order-3 language over W words has W²·8 trigram rules, far more than a classroom model holds.
     */
    WordNgramLanguage(double redraw, int vocab, int order) {
        if (order != 2 && order != 3) throw new IllegalArgumentException("order must be 2 or 3: " + order);
        if (!(redraw >= 0 && redraw <= 1)) throw new IllegalArgumentException("redraw must be in [0, 1]: " + redraw);
        if (vocab < MIN_WORDS || vocab > VOCAB) {
            throw new IllegalArgumentException("vocab must be in [" + MIN_WORDS + ", " + VOCAB + "]: " + vocab);
        }
        this.redraw = redraw;
        this.vocab = vocab;
        this.order = order;
        wBigram = order == 3 ? W_BIGRAM : W_BIGRAM + W_TRIGRAM;
        wTrigram = order == 3 ? W_TRIGRAM : 0;
        SplitMix64 rng = new SplitMix64(TABLE_SEED);
        zipf = new double[vocab];
        double sum = 0;
        for (int r = 0; r < vocab; r++) {
            zipf[r] = StrictMath.pow(r + 2.7, -1.1);
            sum += zipf[r];
        }
        zipfCumulative = new double[vocab];
        double cumulative = 0;
        for (int r = 0; r < vocab; r++) {
            zipf[r] /= sum;
            cumulative += zipf[r];
            zipfCumulative[r] = cumulative;
        }
        zipfGuide = new int[vocab];
        for (int b = 0; b < vocab; b++) zipfGuide[b] = zipfSearch((double) b / vocab, 0, vocab - 1);
        words = spellings(rng, vocab);
        bigram = new int[vocab * BIGRAM_SUCCESSORS];
        for (int i = 0; i < bigram.length; i++) {
            bigram[i] = drawZipf(rng.nextDouble());
            if (redrawn(i)) bigram[i] = drawZipf(uniform(REDRAW_SEED + 2L * i + 1));
        }
        bigramWeights = geometric(BIGRAM_SUCCESSORS, 0.75);
        trigramWeights = geometric(TRIGRAM_SUCCESSORS, 0.6);
    }

    @Override
    public int defaultChars() {
        return 8_000_000;
    }

    @Override
    public Sample sample(long seed, int chars) {
        SplitMix64 rng = new SplitMix64(seed);
        StringBuilder text = new StringBuilder(chars + 64);
        double[] batchNats = new double[BATCHES];
        long[] batchChars = new long[BATCHES];
        int u = 0;
        int v = 0;
        boolean capital = true;
        while (text.length() < chars) {
            int batch = (int) Math.min(BATCHES - 1, (long) text.length() * BATCHES / chars);
            int start = text.length();
            int w = drawWord(rng, u, v);
            double nats = -Math.log(probability(u, v, w));
            String word = words[w];
            text.append(capital ? word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1) : word);
            double r = rng.nextDouble();
            String separator = r < P_FULL_STOP ? (rng.nextDouble() < P_NEWLINE ? ".\n" : ". ")
                    : r < P_FULL_STOP + P_COMMA ? ", " : " ";
            text.append(separator);
            nats -= Math.log(separatorProbability(separator));
            capital = r < P_FULL_STOP;
            batchNats[batch] += nats;
            batchChars[batch] += text.length() - start;
            u = v;
            v = w;
        }
        return new Sample(text.toString(), batchMeans(batchNats, batchChars));
    }

    /**
     * The floor from {@link WordNgramFloor}: up to 512 words with exact stationary statistics on 40,000 windows
     * (about 1 s at T = 64 for 128 words); above that with statistics from 1,048,576 generated words (up to 256
     * predecessors per word) on 3,000 windows, the error widened by the shift to 64 predecessors per word on the
     * first 1,000 windows.
     */
    @Override
    public Optional<ContextFloor> contextFloor(int contextLength) {
        // deterministic, so one computation per language and T serves every later call in this JVM
        return Optional.of(FLOORS.computeIfAbsent(redraw + "/" + vocab + "/" + order + "/" + contextLength,
                key -> computeFloor(contextLength)));
    }

    private synchronized ContextFloor computeFloor(int contextLength) {
        if (floor == null && vocab <= WordStationarity.MAX_EXACT_WORDS) {
            floor = new WordNgramFloor(this, WordStationarity.exact(this));
        } else if (floor == null) {
            List<WordStationarity> sampled = WordStationarity.sampled(this, FLOOR_STREAM_WORDS, FLOOR_SEED,
                    FLOOR_PREDECESSORS, FLOOR_PREDECESSORS / 4);
            floor = new WordNgramFloor(this, sampled.get(0));
            floorCheck = new WordNgramFloor(this, sampled.get(1));
        }
        int windows = floorCheck == null ? FLOOR_WINDOWS_EXACT : FLOOR_WINDOWS_SAMPLED;
        return WordNgramFloor.estimate(floor, floorCheck, contextLength, windows, FLOOR_CHECK_WINDOWS);
    }

    /** The spelling of the word of rank {@code rank}, lower case. */
    String word(int rank) {
        return words[rank];
    }

    /** The probability of the separator after a word: ". ", ".\n", ", " or " ". */
    static double separatorProbability(String separator) {
        return switch (separator) {
            case ". " -> P_FULL_STOP * (1 - P_NEWLINE);
            case ".\n" -> P_FULL_STOP * P_NEWLINE;
            case ", " -> P_COMMA;
            case " " -> 1 - P_FULL_STOP - P_COMMA;
            default -> throw new IllegalArgumentException("not a separator: \"" + separator + "\"");
        };
    }

    /** The word rule in slot {@code slot} of context (u, v): bigram successors of v in 0..15, trigram ones after. */
    int successor(int u, int v, int slot) {
        return slot < BIGRAM_SUCCESSORS ? bigram[v * BIGRAM_SUCCESSORS + slot]
                : trigramSuccessor(u, v, slot - BIGRAM_SUCCESSORS);
    }

    /** The number of words. */
    int vocab() {
        return vocab;
    }

    /** The unigram part of every p(w | u, v): 0.2·zipf(w). */
    double unigramTerm(int rank) {
        return W_UNIGRAM * zipf[rank];
    }

    /** The mixture weight of rule slot {@code slot} (see {@link #successor}); the 24 slots' weights sum to 0.8. */
    double slotWeight(int slot) {
        return slot < BIGRAM_SUCCESSORS ? wBigram * bigramWeights[slot]
                : wTrigram * trigramWeights[slot - BIGRAM_SUCCESSORS];
    }

    /** The chance that a word is capitalised: that the separator before it is a full stop. */
    static double capitalProbability() {
        return P_FULL_STOP;
    }

    /** p(w | u, v) under the mixture, exactly. */
    double probability(int u, int v, int w) {
        double bi = 0;
        for (int i = 0; i < BIGRAM_SUCCESSORS; i++) {
            if (bigram[v * BIGRAM_SUCCESSORS + i] == w) bi += bigramWeights[i];
        }
        double tri = 0;
        for (int i = 0; i < TRIGRAM_SUCCESSORS && wTrigram > 0; i++) {
            if (trigramSuccessor(u, v, i) == w) tri += trigramWeights[i];
        }
        return W_UNIGRAM * zipf[w] + wBigram * bi + wTrigram * tri;
    }

    /** Draws the word after (u, v), as the sampler does. */
    int drawWord(SplitMix64 rng, int u, int v) {
        double component = rng.nextDouble();
        double x = rng.nextDouble();
        if (component < W_UNIGRAM) return drawZipf(x);
        if (component < W_UNIGRAM + wBigram) return bigram[v * BIGRAM_SUCCESSORS + drawIndex(bigramWeights, x)];
        return trigramSuccessor(u, v, drawIndex(trigramWeights, x));
    }

    private int trigramSuccessor(int u, int v, int i) {
        long slot = ((long) u * vocab + v) * TRIGRAM_SUCCESSORS + i;
        if (redrawn(BIGRAM_SUCCESSORS * vocab + slot)) {
            return drawZipf(uniform(REDRAW_SEED + 2L * (BIGRAM_SUCCESSORS * vocab + slot) + 1));
        }
        return drawZipf(uniform(TABLE_SEED + slot));
    }

    /** Whether rule {@code slot} (bigram slots first, then trigram slots) is redrawn: a fixed hash below redraw. */
    private boolean redrawn(long slot) {
        return redraw > 0 && uniform(REDRAW_SEED + 2L * slot) < redraw;
    }

    /** A fixed hash of {@code key} as a uniform double in [0, 1). */
    private static double uniform(long key) {
        return (SplitMix64.mix(key) >>> 11) * 0x1.0p-53;
    }

    /** The rank of cumulative share x: the first r with x < zipfCumulative[r], else the last rank. */
    private int drawZipf(double x) {
        // the answer lies in [guide[bucket], guide[bucket + 1]]; one bucket more each side absorbs rounding
        int bucket = (int) (x * zipfGuide.length);
        return zipfSearch(x, zipfGuide[Math.max(bucket - 1, 0)],
                bucket + 2 < zipfGuide.length ? zipfGuide[bucket + 2] : vocab - 1);
    }

    /** drawZipf restricted to ranks [lo, hi], which must hold the answer. */
    private int zipfSearch(double x, int lo, int hi) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x < zipfCumulative[mid]) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private static int drawIndex(double[] weights, double x) {
        double cumulative = 0;
        for (int i = 0; i < weights.length - 1; i++) {
            cumulative += weights[i];
            if (x < cumulative) return i;
        }
        return weights.length - 1;
    }

    private static double[] geometric(int n, double ratio) {
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = StrictMath.pow(ratio, i);
            sum += w[i];
        }
        for (int i = 0; i < n; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /** Unique spellings; the syllable count grows with the rank. */
    private static String[] spellings(SplitMix64 rng, int vocab) {
        String[] onsets = {"b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "st",
            "tr", "pl", "kr", "sh", "th", "br", "gr", "ch"};
        String[] vowels = {"a", "e", "i", "o", "u", "ai", "ea", "ou"};
        String[] codas = {"n", "r", "s", "l", "t", "m", "k", "nd", "st"};
        Set<String> seen = new HashSet<>();
        String[] spelled = new String[vocab];
        for (int r = 0; r < vocab; r++) {
            int base = 1 + (r >= 24 ? 1 : 0) + (r >= 400 ? 1 : 0) + (r >= 2500 ? 1 : 0);
            String word;
            do {
                int syllables = base + (rng.nextDouble() < 0.3 ? 1 : 0);
                StringBuilder b = new StringBuilder();
                for (int s = 0; s < syllables; s++) {
                    if (s == 0 || rng.nextDouble() < 0.85) b.append(onsets[rng.nextInt(onsets.length)]);
                    b.append(vowels[rng.nextInt(vowels.length)]);
                    if (rng.nextDouble() < 0.3) b.append(codas[rng.nextInt(codas.length)]);
                }
                word = b.toString();
            } while (!seen.add(word));
            spelled[r] = word;
        }
        return spelled;
    }

    /** The rate over all batches and its standard error from the spread of the non-empty batches' rates. */
    private static EntropyRate batchMeans(double[] nats, long[] chars) {
        double totalNats = 0;
        long totalChars = 0;
        int used = 0;
        for (int b = 0; b < BATCHES; b++) {
            totalNats += nats[b];
            totalChars += chars[b];
            if (chars[b] > 0) used++;
        }
        double mean = totalNats / totalChars;
        double sumSquares = 0;
        for (int b = 0; b < BATCHES; b++) {
            if (chars[b] == 0) continue;
            double rate = nats[b] / chars[b];
            sumSquares += (rate - mean) * (rate - mean);
        }
        return new EntropyRate(mean, Math.sqrt(sumSquares / (used * (used - 1.0))));
    }
}
