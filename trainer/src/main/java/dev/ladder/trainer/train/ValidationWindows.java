package dev.ladder.trainer.train;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.SplitMix64;
import dev.ladder.data.tokens.TokenFile;

/**
 * Which windows of the validation split an evaluation reads. A window of {@code seqLen + 1} tokens starting at
 * {@code start} gives seqLen predictions (position t predicts token start + t + 1 from the t + 1 tokens before it);
 * only positions from {@code firstCounted} on enter the loss, so that windows that overlap count no token twice.
 *
 * @param starts       first token of each window
 * @param firstCounted first counted position of each window, in [0, seqLen]
 * @param seqLen       predictions per window
 */
record ValidationWindows(long[] starts, int[] firstCounted, int seqLen) {

    ValidationWindows {
        if (starts.length != firstCounted.length) {
            throw new IllegalStateException(starts.length + " starts but " + firstCounted.length + " counts");
        }
    }

    /** {@code count} windows at seeded random starts, every position counted: the same on every call. */
    static ValidationWindows subset(TokenFile val, int seqLen, int count, long seed) {
        long positions = checkedLength(val, seqLen) - seqLen;
        SplitMix64 rng = new SplitMix64(seed);
        long[] starts = new long[count];
        for (int i = 0; i < count; i++) starts[i] = Long.remainderUnsigned(rng.nextLong(), positions);
        return new ValidationWindows(starts, new int[count], seqLen);
    }

    /**
     * Windows that predict every token of the split but its first exactly once: back-to-back windows from token 0,
     * and, when a remainder is left, one last window ending at the split's end that counts only the tokens not yet
     * predicted. When the split has more than {@code cap} predictable tokens, {@code cap / seqLen} whole windows
     * spread evenly over it instead (at least one).
     */
    static ValidationWindows wholeSplit(TokenFile val, int seqLen, long cap) {
        long predictable = checkedLength(val, seqLen) - 1;
        if (predictable > cap) {
            int count = (int) Math.max(1, cap / seqLen);
            long lastStart = predictable - seqLen;
            long[] starts = new long[count];
            for (int i = 0; i < count; i++) starts[i] = count == 1 ? 0 : i * lastStart / (count - 1);
            return new ValidationWindows(starts, new int[count], seqLen);
        }
        int full = (int) (predictable / seqLen);
        int rest = (int) (predictable % seqLen);
        int count = full + (rest > 0 ? 1 : 0);
        long[] starts = new long[count];
        int[] first = new int[count];
        for (int i = 0; i < full; i++) starts[i] = (long) i * seqLen;
        if (rest > 0) {
            starts[full] = predictable - seqLen;
            first[full] = seqLen - rest;
        }
        return new ValidationWindows(starts, first, seqLen);
    }

    int size() {
        return starts.length;
    }

    /** Predictions the windows count. */
    long countedTokens() {
        long n = 0;
        for (int f : firstCounted) n += seqLen - f;
        return n;
    }

    private static long checkedLength(TokenFile val, int seqLen) {
        if (val.length() < seqLen + 1L) {
            throw new InvalidInputException(val.path() + ": " + val.length() + " validation tokens, "
                    + (seqLen + 1L) + " needed (seqLen " + seqLen + " + 1); allowed: a validation split longer than"
                    + " seqLen (use a bigger corpus, a smaller seqLen or a larger validation fraction)");
        }
        return val.length();
    }
}
