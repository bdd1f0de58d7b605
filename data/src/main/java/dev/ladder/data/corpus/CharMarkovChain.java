package dev.ladder.data.corpus;

import dev.ladder.data.SplitMix64;
import java.util.Arrays;
import java.util.Optional;

/**
 * A character-level order-2 Markov chain over 11 symbols whose transition table is drawn once from a fixed seed.
 * Every transition has probability above zero, so the chain over pairs is ergodic; its entropy rate is exact:
 * H = Σ_{ab} π(ab) Σ_c −P(c|ab) ln P(c|ab), with π the stationary distribution over pairs (by power iteration).
 * Samples start from π, so every sample is a stretch of the stationary process. The floor of a predictor with a
 * context of T characters is exact too: position 0 predicts X_1 from X_0 alone, with entropy
 * H(X_1 | X_0) = H(π) − H(μ) for the stationary pair and single-character distributions π and μ, and every later
 * position sees the two characters before its target, so its entropy is the rate H; the floor is
 * (H(X_1 | X_0) + (T − 1)·H) / T.
 */
final class CharMarkovChain implements SyntheticLanguage {

    /** The alphabet: letters, a space, a full stop and a newline. */
    static final String ALPHABET = "aeinorst .\n";
    private static final int A = ALPHABET.length();
    private static final long TABLE_SEED = 0x5EED_0002L;

    /** P(c | ab) at index (a·A + b)·A + c. */
    private final double[] transition;
    /** π(ab) at index a·A + b. */
    private final double[] stationary;
    private final double entropyRate;

    CharMarkovChain() {
        transition = drawTransitions();
        stationary = stationaryPairs(transition);
        entropyRate = exactEntropyRate(transition, stationary);
    }

    @Override
    public int defaultChars() {
        return 1_000_000;
    }

    @Override
    public Sample sample(long seed, int chars) {
        SplitMix64 rng = new SplitMix64(seed);
        StringBuilder text = new StringBuilder(chars);
        int state = draw(stationary, 0, A * A, rng.nextDouble());
        text.append(ALPHABET.charAt(state / A)).append(ALPHABET.charAt(state % A));
        while (text.length() < chars) {
            int next = draw(transition, state * A, A, rng.nextDouble());
            text.append(ALPHABET.charAt(next));
            state = (state % A) * A + next;
        }
        return new Sample(text.toString(), new EntropyRate(entropyRate, 0));
    }

    @Override
    public Optional<ContextFloor> contextFloor(int contextLength) {
        if (contextLength < 1) throw new IllegalArgumentException("contextLength must be >= 1, got " + contextLength);
        double pairEntropy = 0;
        double[] single = new double[A];
        for (int pair = 0; pair < A * A; pair++) {
            pairEntropy -= stationary[pair] * Math.log(stationary[pair]);
            single[pair / A] += stationary[pair];
        }
        double singleEntropy = 0;
        for (double p : single) singleEntropy -= p * Math.log(p);
        double first = pairEntropy - singleEntropy;
        return Optional.of(new ContextFloor((first + (contextLength - 1) * entropyRate) / contextLength, 0,
                contextLength));
    }

    /** π(ab), the stationary distribution over pairs, for tests. */
    double stationary(int a, int b) {
        return stationary[a * A + b];
    }

    /** P(c | ab), for tests that check the chain against its samples. */
    double transition(int a, int b, int c) {
        return transition[(a * A + b) * A + c];
    }

    private static double[] drawTransitions() {
        SplitMix64 rng = new SplitMix64(TABLE_SEED);
        double[] table = new double[A * A * A];
        for (int state = 0; state < A * A; state++) {
            double sum = 0;
            for (int c = 0; c < A; c++) {
                double u = rng.nextDouble();
                table[state * A + c] = 0.02 + u * u * u * u;
                sum += table[state * A + c];
            }
            for (int c = 0; c < A; c++) {
                table[state * A + c] /= sum;
            }
        }
        return table;
    }

    private static double[] stationaryPairs(double[] table) {
        double[] pi = new double[A * A];
        Arrays.fill(pi, 1.0 / (A * A));
        for (int iteration = 0; iteration < 100_000; iteration++) {
            double[] next = new double[A * A];
            for (int state = 0; state < A * A; state++) {
                for (int c = 0; c < A; c++) {
                    next[(state % A) * A + c] += pi[state] * table[state * A + c];
                }
            }
            double change = 0;
            for (int s = 0; s < A * A; s++) {
                change += Math.abs(next[s] - pi[s]);
            }
            pi = next;
            if (change < 1e-15) return pi;
        }
        throw new IllegalStateException("power iteration for the stationary distribution did not converge");
    }

    private static double exactEntropyRate(double[] table, double[] pi) {
        double rate = 0;
        for (int state = 0; state < A * A; state++) {
            for (int c = 0; c < A; c++) {
                double p = table[state * A + c];
                rate -= pi[state] * p * Math.log(p);
            }
        }
        return rate;
    }

    /** The index i in [offset, offset + n) where the cumulative sum of p first exceeds u. */
    private static int draw(double[] p, int offset, int n, double u) {
        double cumulative = 0;
        for (int i = 0; i < n - 1; i++) {
            cumulative += p[offset + i];
            if (u < cumulative) return i;
        }
        return n - 1;
    }
}
