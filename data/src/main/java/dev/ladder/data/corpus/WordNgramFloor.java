package dev.ladder.data.corpus;

import dev.ladder.data.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The context floor of a {@link WordNgramLanguage}: the mean over windows x_0..x_T of
 * −ln p(x_1..x_T | x_0) / T = (ln p(x_0) − ln p(x_0..x_T)) / T, whose expectation over windows starting at a
 * uniformly random character of the stationary process is the mean of H(X_{t+1} | X_0..X_t) over t = 0..T−1.
 *
 * <p>Windows are cut from a long sample of the language, one every few hundred characters at a seeded offset, and
 * for each the probability p(x_0..x_T) is summed exactly over the hidden start: the current word w (its letters
 * before x_0 are not seen), whether it is capitalised, its separator and the character offset inside
 * "word + separator". Each start has weight π(w)·P(capital)·p(separator) / L̄, with L̄ the mean characters per
 * token, so a longer token is hit more often. Once the first separator has passed, the words are seen; the first
 * seen word w₁ has P(w₁ | w) = Σ_v π(v | w)·p(w₁ | v, w) (the word before w is never seen), the second has its exact
 * p(w₂ | w, w₁), and every later one p(w_j | w_{j−2}, w_{j−1}) with both words seen, so the hidden state enters only
 * the first three tokens. A word cut off at the window's end contributes the chance of its seen prefix. π and
 * P(w₁ | w) come from {@link WordStationarity}. The floor is the mean over windows and its error the standard error
 * of that mean, widened by a bias check when the statistics are sampled ({@link #estimate}).
 */
final class WordNgramFloor {

    private static final String[] SEPARATORS = {" ", ", ", ". ", ".\n"};
    private static final long WINDOW_SEED = 0x5EED_F100L;
    private static final int BURN_IN_CHARS = 10_000;
    /** Windows start at a seeded offset in [0, 200) of blocks of max(400, T + 201) characters. */
    private static final int OFFSETS = 200;
    private static final int BLOCK_CHARS = 400;

    private final WordNgramLanguage language;
    private final WordStationarity stationary;
    private final int vocab;
    private final String[] spelling;
    /** Lower-case spellings, sorted; the words with a given prefix are a range of it. */
    private final String[] lexicon;
    private final int[] lexIndex;
    /** unigramBelow[i] = Σ of the unigram terms of lexicon[0..i). */
    private final double[] unigramBelow;
    private final Map<String, Integer> rankOf = new HashMap<>();
    /** Each end of a word, w.substring(k), to its pairs {w, k}. */
    private final Map<String, List<int[]>> suffixes = new HashMap<>();
    private final double meanTokenChars;
    private final Map<Character, Double> charProbability = new HashMap<>();

    /** The window filter of {@code language} with its stationary statistics. */
    WordNgramFloor(WordNgramLanguage language, WordStationarity stationary) {
        this.language = language;
        this.stationary = stationary;
        vocab = language.vocab();
        spelling = new String[vocab];
        for (int w = 0; w < vocab; w++) {
            spelling[w] = language.word(w);
            rankOf.put(spelling[w], w);
            for (int k = 0; k < spelling[w].length(); k++) {
                suffixes.computeIfAbsent(spelling[w].substring(k), key -> new ArrayList<>()).add(new int[] {w, k});
            }
        }
        lexicon = spelling.clone();
        Arrays.sort(lexicon);
        lexIndex = new int[vocab];
        unigramBelow = new double[vocab + 1];
        for (int i = 0; i < vocab; i++) {
            int w = rankOf.get(lexicon[i]);
            lexIndex[w] = i;
            unigramBelow[i + 1] = unigramBelow[i] + language.unigramTerm(w);
        }
        double chars = 0;
        for (String s : SEPARATORS) chars += WordNgramLanguage.separatorProbability(s) * s.length();
        for (int w = 0; w < vocab; w++) chars += stationary.unigram(w) * spelling[w].length();
        meanTokenChars = chars;
        double capital = WordNgramLanguage.capitalProbability();
        for (int w = 0; w < vocab; w++) {
            for (String s : SEPARATORS) {
                double p = stationary.unigram(w) * WordNgramLanguage.separatorProbability(s) / meanTokenChars;
                addChars(capitalised(spelling[w]) + s, p * capital);
                addChars(spelling[w] + s, p * (1 - capital));
            }
        }
    }

    /**
     * The floor from the first {@code windows} windows of {@code main}; with {@code check} (statistics from fewer
     * predecessors per word, the same windows) its error also holds the shift between the two on the first
     * {@code checkWindows} windows, a measure of the bias from the sampled P(w₁ | w): error = √(SE² + shift²).
     */
    static ContextFloor estimate(WordNgramFloor main, WordNgramFloor check, int contextLength, int windows,
                                 int checkWindows) {
        double[] nats = main.windowNats(contextLength, windows);
        double mean = mean(nats, windows);
        double sumSquares = 0;
        for (double x : nats) sumSquares += (x - mean) * (x - mean);
        double stdError = Math.sqrt(sumSquares / (windows - 1.0) / windows);
        if (check != null) {
            double shift = mean(check.windowNats(contextLength, checkWindows), checkWindows) - mean(nats, checkWindows);
            stdError = Math.hypot(stdError, shift);
        }
        return new ContextFloor(mean, stdError, contextLength);
    }

    /**
     * (ln p(x_0) − ln p(x_0..x_T)) / T for each of the first {@code count} windows of T + 1 characters; the windows
     * depend only on the language, T and count, so two floors of one language see the same ones.
     */
    double[] windowNats(int contextLength, int count) {
        if (contextLength < 1) throw new IllegalArgumentException("contextLength must be >= 1, got " + contextLength);
        int block = Math.max(BLOCK_CHARS, contextLength + 1 + OFFSETS);
        String text = language.sample(WINDOW_SEED, BURN_IN_CHARS + count * block).text();
        SplitMix64 rng = new SplitMix64(WINDOW_SEED);
        double[] nats = new double[count];
        for (int i = 0; i < count; i++) {
            int start = BURN_IN_CHARS + i * block + rng.nextInt(OFFSETS);
            String window = text.substring(start, start + contextLength + 1);
            nats[i] = (Math.log(charProbability(window.charAt(0))) - logProbability(window)) / contextLength;
        }
        return nats;
    }

    private static double mean(double[] values, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) sum += values[i];
        return sum / count;
    }

    /** p(x_0), the share of the stationary text's characters that are {@code c}. */
    double charProbability(char c) {
        return charProbability.getOrDefault(c, 0.0);
    }

    /** ln p(x): the chance that the text from a uniformly random character of the stationary process begins with x. */
    double logProbability(String x) {
        int letters = 0;
        while (letters < x.length() && Character.isLetter(x.charAt(letters))) letters++;
        int end = letters;
        while (end < x.length() && !Character.isLetter(x.charAt(end))) end++;
        String lead = x.substring(0, letters).toLowerCase(Locale.ROOT);
        String separator = x.substring(letters, end);
        List<Token> tokens = tokens(x.substring(end));
        boolean seenNext = !tokens.isEmpty();
        boolean nextCapital = seenNext && Character.isUpperCase(x.charAt(end));
        double[] start = new double[vocab];
        double separatorMass;
        if (letters == 0) {
            // x_0 lies in the separator: any word before it
            Arrays.fill(start, 1);
            separatorMass = separatorMass(separator, true, seenNext, nextCapital);
        } else {
            boolean upper = Character.isUpperCase(x.charAt(0));
            separatorMass = separatorMass(separator, false, seenNext, nextCapital);
            if (separator.isEmpty()) {
                for (int w = 0; w < vocab; w++) {
                    for (int k = 0; k < spelling[w].length(); k++) {
                        if (spelling[w].startsWith(lead, k)) start[w] += caseWeight(k, upper);
                    }
                }
            } else {
                for (int[] wk : suffixes.getOrDefault(lead, List.of())) start[wk[0]] += caseWeight(wk[1], upper);
            }
        }
        Token first = tokens.size() > 0 ? tokens.get(0) : null;
        Token second = tokens.size() > 1 ? tokens.get(1) : null;
        int firstRank = first != null && first.complete() ? rankOf.getOrDefault(first.word(), -1) : -1;
        double total = 0;
        for (int w = 0; w < vocab; w++) {
            if (start[w] == 0) continue;
            double p = start[w] * stationary.unigram(w);
            if (first != null) p *= nextMass(w, first);
            if (second != null) p *= wordMass(w, firstRank, second);
            total += p;
        }
        double log = Math.log(total * separatorMass / meanTokenChars);
        for (int j = 0; j < tokens.size(); j++) {
            if (j >= 2) log += Math.log(wordMass(tokens.get(j - 2).rank(), tokens.get(j - 1).rank(), tokens.get(j)));
            log += Math.log(separatorMass(tokens.get(j).separator(), false, false, false));
        }
        return log;
    }

    /**
     * A seen word (lower case; complete when a separator follows it in the window) and what is seen of its
     * separator; rank is the word's (−1 when cut off), [from, to) the lexicon range of the words it may begin.
     */
    private record Token(String word, boolean complete, String separator, int rank, int from, int to) { }

    private List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int wordEnd = i;
            while (wordEnd < text.length() && Character.isLetter(text.charAt(wordEnd))) wordEnd++;
            int separatorEnd = wordEnd;
            while (separatorEnd < text.length() && !Character.isLetter(text.charAt(separatorEnd))) separatorEnd++;
            String word = text.substring(i, wordEnd).toLowerCase(Locale.ROOT);
            boolean complete = wordEnd < text.length();
            tokens.add(new Token(word, complete, text.substring(wordEnd, separatorEnd),
                    complete ? rankOf.getOrDefault(word, -1) : -1, lowerBound(word),
                    lowerBound(word + Character.MAX_VALUE)));
            i = separatorEnd;
        }
        return tokens;
    }

    /**
     * The chance of the seen part of a separator: the sum of p(s) over the separators s whose tail from some
     * offset ({@code anyOffset}, else from offset 0) is {@code seen} ({@code complete}: a word follows, whose
     * capital says whether s was a full stop) or begins with it (the window ends inside s).
     */
    private static double separatorMass(String seen, boolean anyOffset, boolean complete, boolean nextCapital) {
        double mass = 0;
        for (String s : SEPARATORS) {
            for (int k = 0; k < (anyOffset ? s.length() : 1); k++) {
                String tail = s.substring(k);
                boolean match = complete ? tail.equals(seen) && s.startsWith(".") == nextCapital
                        : tail.startsWith(seen);
                if (match) mass += WordNgramLanguage.separatorProbability(s);
            }
        }
        return mass;
    }

    /** The chance of the first seen letter's case when the window starts k letters into the word. */
    private static double caseWeight(int k, boolean upper) {
        double capital = WordNgramLanguage.capitalProbability();
        if (k > 0) return upper ? 0 : 1;
        return upper ? capital : 1 - capital;
    }

    /** P(the word after w is the token's word, or begins with its seen letters), the word before w unseen. */
    private double nextMass(int w, Token token) {
        if (token.complete()) return token.rank() < 0 ? 0 : stationary.next(language, w, token.rank());
        double mass = unigramBelow[token.to()] - unigramBelow[token.from()];
        for (int slot = 0; slot < WordNgramLanguage.BIGRAM_SUCCESSORS; slot++) {
            if (inRange(language.successor(0, w, slot), token)) mass += language.slotWeight(slot);
        }
        int[] next = stationary.trigramNext(w);
        double[] weight = stationary.trigramWeight(w);
        for (int j = 0; j < next.length; j++) {
            if (inRange(next[j], token)) mass += weight[j];
        }
        return mass;
    }

    /** p(the token's word, or a word beginning with its seen letters | u, v), exactly. */
    private double wordMass(int u, int v, Token token) {
        if (v < 0) return 0;
        if (token.complete()) return token.rank() < 0 ? 0 : language.probability(u, v, token.rank());
        double mass = unigramBelow[token.to()] - unigramBelow[token.from()];
        for (int slot = 0; slot < WordNgramLanguage.SLOTS; slot++) {
            if (inRange(language.successor(u, v, slot), token)) mass += language.slotWeight(slot);
        }
        return mass;
    }

    private boolean inRange(int rank, Token token) {
        return lexIndex[rank] >= token.from() && lexIndex[rank] < token.to();
    }

    private int lowerBound(String key) {
        int lo = 0;
        int hi = vocab;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lexicon[mid].compareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void addChars(String token, double p) {
        for (int i = 0; i < token.length(); i++) charProbability.merge(token.charAt(i), p, Double::sum);
    }

    private static String capitalised(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
