package dev.ladder.data.batch;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.SplitMix64;
import dev.ladder.data.tokens.TokenFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws training batches of random windows from a token file, as nanoGPT's {@code get_batch} does. Batch i depends
 * only on (seed, i), so a sampler restored from a {@link Cursor} gives the same batches as one that never stopped.
 * A batch is {@code int[batchSize * (seqLen + 1)]}, row-major: row r holds tokens [start_r, start_r + seqLen], so
 * the inputs are a row's first seqLen tokens and the targets its last seqLen.
 */
public final class BatchSampler {

    private final TokenFile tokens;
    private final int batchSize;
    private final int seqLen;
    private long seed;
    private long batchesDrawn;

    /**
     * @throws InvalidInputException when the file holds fewer than seqLen + 1 tokens
     */
    public BatchSampler(TokenFile tokens, int batchSize, int seqLen, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (seqLen < 1) throw new IllegalArgumentException("seqLen must be >= 1, got " + seqLen);
        if (tokens.length() < seqLen + 1L) {
            throw new InvalidInputException(tokens.path() + ": " + tokens.length() + " tokens available, "
                    + (seqLen + 1L) + " needed (seqLen " + seqLen + " + 1); allowed: a token file longer than seqLen"
                    + " (use a bigger corpus, a smaller seqLen or a larger validation fraction)");
        }
        this.tokens = tokens;
        this.batchSize = batchSize;
        this.seqLen = seqLen;
        this.seed = seed;
    }

    /** Where a sampler stands: its seed and how many batches it has drawn. Jackson serialises it as a record. */
    public record Cursor(long seed, long batchesDrawn) {

        public Cursor {
            if (batchesDrawn < 0) throw new IllegalArgumentException("batchesDrawn must be >= 0, got " + batchesDrawn);
        }
    }

    /** The next batch, {@code [batchSize, seqLen + 1]} flattened row-major. */
    public int[] next() {
        int row = seqLen + 1;
        int[] batch = new int[batchSize * row];
        SplitMix64 rng = new SplitMix64(SplitMix64.mix(seed) ^ SplitMix64.mix(batchesDrawn + 0x632BE59BD9B4E019L));
        long starts = tokens.length() - seqLen;
        for (int r = 0; r < batchSize; r++) {
            long start = Long.remainderUnsigned(rng.nextLong(), starts);
            tokens.read(start, batch, r * row, row);
        }
        batchesDrawn++;
        return batch;
    }

    public Cursor cursor() {
        return new Cursor(seed, batchesDrawn);
    }

    /** Continues from {@code cursor}: the next batch is the one a sampler at that cursor would draw. */
    public void restore(Cursor cursor) {
        this.seed = cursor.seed();
        this.batchesDrawn = cursor.batchesDrawn();
    }

    /** {@code count} batches that are the same on every call with the same arguments: for comparable evaluations. */
    public static List<int[]> fixedBatches(TokenFile tokens, int batchSize, int seqLen, int count, long seed) {
        BatchSampler sampler = new BatchSampler(tokens, batchSize, seqLen, seed);
        List<int[]> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batches.add(sampler.next());
        }
        return List.copyOf(batches);
    }
}
