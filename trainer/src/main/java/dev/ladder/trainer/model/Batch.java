package dev.ladder.trainer.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One batch as the graph's placeholders: inputs and next-token targets, each flattened {@code [batch·seqLen]}.
 *
 * @param batchSize number of sequences
 * @param seqLen    tokens per sequence
 */
public record Batch(INDArray tokens, INDArray targets, int batchSize, int seqLen) {

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
        return new Batch(Nd4j.createFromArray(inputs), Nd4j.createFromArray(targets), batchSize, seqLen);
    }

    Map<String, INDArray> placeholders() {
        return Map.of(GptGraph.TOKENS, tokens, GptGraph.TARGETS, targets);
    }
}
