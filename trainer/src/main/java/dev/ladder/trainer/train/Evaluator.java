package dev.ladder.trainer.train;

import dev.ladder.data.tokens.TokenFile;
import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.Engine;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluates a model on windows of the validation split: runs them through the engine's forward pass in batches of
 * the training batch size (so the engine reuses its activations; the logits it returns are released at once), takes
 * each position's cross-entropy {@code logsumexp(logits) − logits[target]} from the logits, and tallies it by window
 * and position.
 */
final class Evaluator {

    private final Engine engine;
    private final TokenFile val;
    private final int batchSize;

    Evaluator(Engine engine, TokenFile val, int batchSize) {
        this.engine = engine;
        this.val = val;
        this.batchSize = batchSize;
    }

    /** The losses of every counted position of {@code windows}. */
    LossTally evaluate(ValidationWindows windows) {
        int seqLen = windows.seqLen();
        int row = seqLen + 1;
        LossTally tally = new LossTally(seqLen);
        int[] rows = new int[batchSize * row];
        for (int first = 0; first < windows.size(); first += batchSize) {
            int used = Math.min(batchSize, windows.size() - first);
            for (int b = 0; b < batchSize; b++) {
                // a short last batch repeats its last window in the unused rows, which are not counted
                val.read(windows.starts()[first + Math.min(b, used - 1)], rows, b * row, row);
            }
            Batch batch = Batch.fromRows(rows, batchSize, seqLen);
            double[] losses = tokenLosses(batch);
            for (int b = 0; b < used; b++) tally.addWindow(losses, b * seqLen, windows.firstCounted()[first + b]);
        }
        return tally;
    }

    /** Cross-entropy of each position of the batch, {@code [batch·seqLen]}, nats. */
    private double[] tokenLosses(Batch batch) {
        float[] values;
        try (INDArray logits = engine.logits(batch)) {
            if (logits.ordering() == 'c' && !logits.isView()) {
                values = logits.data().asFloat();
            } else {
                try (INDArray contiguous = logits.dup('c')) {
                    values = contiguous.data().asFloat();
                }
            }
        }
        int rows = batch.rows();
        int vocab = values.length / rows;
        double[] losses = new double[rows];
        for (int r = 0; r < rows; r++) {
            int offset = r * vocab;
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < vocab; v++) max = Math.max(max, values[offset + v]);
            double sum = 0;
            for (int v = 0; v < vocab; v++) sum += Math.exp(values[offset + v] - max);
            losses[r] = max + Math.log(sum) - values[offset + batch.targets()[r]];
        }
        return losses;
    }
}
