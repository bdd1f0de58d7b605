package dev.ladder.trainer.train;

import java.util.Arrays;

/**
 * Sums per-token losses by window and by context position, and gives the mean loss over all counted tokens, its
 * standard error and the mean loss at each position. The tokens of one window are correlated (they share a model
 * state and a stretch of text), so the error treats windows, not tokens, as the independent draws: the standard
 * error of a ratio of sums, {@code sqrt(n/(n-1) · Σ_i (s_i − L·c_i)²) / Σ_i c_i} for windows i with loss sum s_i
 * over c_i tokens and mean L, which is the standard deviation of the per-window means over √n when every window
 * counts the same number of tokens.
 */
final class LossTally {

    private final double[] positionSums;
    private final long[] positionCounts;
    private double[] windowSums = new double[64];
    private int[] windowCounts = new int[64];
    private int windows;

    LossTally(int seqLen) {
        positionSums = new double[seqLen];
        positionCounts = new long[seqLen];
    }

    /** Adds one window's per-position losses, counting positions from {@code firstCounted} on. */
    void addWindow(double[] losses, int offset, int firstCounted) {
        if (firstCounted >= positionSums.length) return;
        double sum = 0;
        for (int t = firstCounted; t < positionSums.length; t++) {
            double loss = losses[offset + t];
            sum += loss;
            positionSums[t] += loss;
            positionCounts[t]++;
        }
        if (windows == windowSums.length) {
            windowSums = Arrays.copyOf(windowSums, 2 * windows);
            windowCounts = Arrays.copyOf(windowCounts, 2 * windows);
        }
        windowSums[windows] = sum;
        windowCounts[windows] = positionSums.length - firstCounted;
        windows++;
    }

    /** Counted tokens. */
    long tokens() {
        long n = 0;
        for (long c : positionCounts) n += c;
        return n;
    }

    /** Mean loss over every counted token, nats per token. */
    double mean() {
        double sum = 0;
        for (double s : positionSums) sum += s;
        return sum / tokens();
    }

    /** One standard error of {@link #mean()}, with windows as the independent draws; NaN for a single window. */
    double stdError() {
        if (windows < 2) return Double.NaN;
        double mean = mean();
        double squares = 0;
        for (int i = 0; i < windows; i++) {
            double residual = windowSums[i] - mean * windowCounts[i];
            squares += residual * residual;
        }
        return Math.sqrt(squares * windows / (windows - 1)) / tokens();
    }

    /** Mean loss at each position 0..seqLen-1; NaN where no token was counted. */
    double[] byPosition() {
        double[] means = new double[positionSums.length];
        for (int t = 0; t < means.length; t++) means[t] = positionSums[t] / positionCounts[t];
        return means;
    }
}
