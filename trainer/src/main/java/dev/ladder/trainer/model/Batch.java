package dev.ladder.trainer.model;

/**
 * One batch: input token ids and next-token targets, each flattened {@code [batch·seqLen]} row-major.
 *
 * @param batchSize number of sequences
 * @param seqLen    tokens per sequence
 */
public record Batch(int[] tokens, int[] targets, int batchSize, int seqLen) {

    public Batch {
        if (tokens.length != batchSize * seqLen || targets.length != tokens.length) {
            throw new IllegalStateException("batch of " + tokens.length + " inputs and " + targets.length
                    + " targets, expected " + batchSize + " x " + seqLen);
        }
    }

    /**
     * Splits sampled rows {@code [batch, seqLen + 1]} (row-major, as the batch sampler returns them) into inputs
     * (positions 0..seqLen-1) and targets (positions 1..seqLen).
     */
    public static Batch fromRows(int[] rows, int batchSize, int seqLen) {
        if (rows.length != batchSize * (seqLen + 1)) {
            throw new IllegalStateException("batch has " + rows.length + " ids, expected " + batchSize + " x "
                    + (seqLen + 1));
        }
        int[] inputs = new int[batchSize * seqLen];
        int[] targets = new int[batchSize * seqLen];
        for (int b = 0; b < batchSize; b++) {
            System.arraycopy(rows, b * (seqLen + 1), inputs, b * seqLen, seqLen);
            System.arraycopy(rows, b * (seqLen + 1) + 1, targets, b * seqLen, seqLen);
        }
        return new Batch(inputs, targets, batchSize, seqLen);
    }

    /** Tokens in the batch: {@code batchSize · seqLen}. */
    public int rows() {
        return batchSize * seqLen;
    }
}
