package dev.ladder.trainer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a ladder folder of small run directories as raw JSON text (run.json, metrics.jsonl, summary.json), so the
 * bad-input table can hand {@code fit}, {@code report}, {@code export} and {@code status} real files without
 * training. Run i has 4·4^i thousand parameters, 10 logged steps and evals whose loss falls as
 * 2 + 5/(step·N/1e4)^0.3.
 */
final class FakeRuns {

    private FakeRuns() {
    }

    /**
     * @param kind "completed", "diverged" (every run's summary says diverged) or "identical" (every run has the same
     *             size, tokens and losses)
     */
    static void write(Path ladderDir, int count, String kind) throws IOException {
        for (int i = 0; i < count; i++) {
            long params = "identical".equals(kind) ? 4000 : 4000L << (2 * i);
            writeRun(ladderDir.resolve("r" + i), "r" + i, params, "diverged".equals(kind));
        }
    }

    private static void writeRun(Path dir, String runId, long params, boolean diverged) throws IOException {
        Files.createDirectories(dir);
        double perToken = 6.0 * params;
        Files.writeString(dir.resolve("run.json"), String.format(Locale.ROOT, "{\"schemaVersion\": 1,"
                + " \"runId\": \"%s\", \"ladder\": \"lad\","
                + " \"model\": {\"nLayer\": 2, \"nHead\": 2, \"dModel\": 64, \"seqLen\": 32,"
                + " \"vocabSize\": 256, \"tiedEmbeddings\": true}, \"params\": {\"total\": %d, \"nonEmbedding\": %d,"
                + " \"embedding\": 16384}, \"flopsPerToken\": {\"kaplan6N\": %s, \"chinchillaExact\": %s},"
                + " \"plannedTokens\": 10240, \"warmupTokens\": 0, \"seed\": 1}", runId, params + 16384, params,
                perToken, 1.1 * perToken));
        StringBuilder metrics = new StringBuilder();
        double last = 0;
        for (int step = 1; step <= 10; step++) {
            long tokens = 1024L * step;
            double loss = 2 + 5 / Math.pow(step * params / 1e4, 0.3);
            metrics.append(String.format(Locale.ROOT, "{\"schemaVersion\": 1, \"type\": \"step\", \"runId\": \"%s\","
                    + " \"step\": %d, \"tokens\": %d, \"flops\": %s, \"trainLoss\": %s, \"lr\": 0.001,"
                    + " \"wallSeconds\": %d}%n", runId, step, tokens, perToken * tokens, loss + 0.05, step));
            if (step % 2 == 0) {
                metrics.append(String.format(Locale.ROOT, "{\"schemaVersion\": 1, \"type\": \"eval\", \"runId\":"
                        + " \"%s\", \"step\": %d, \"tokens\": %d, \"flops\": %s, \"valLoss\": %s,"
                        + " \"wallSeconds\": %d}%n", runId, step, tokens, perToken * tokens, loss, step));
                last = loss;
            }
        }
        Files.writeString(dir.resolve("metrics.jsonl"), metrics);
        String status = diverged ? "diverged" : "completed";
        String message = diverged ? ", \"message\": \"loss NaN at step 11\"" : "";
        Files.writeString(dir.resolve("summary.json"), String.format(Locale.ROOT, "{\"schemaVersion\": 1,"
                + " \"runId\": \"%s\", \"status\": \"%s\", \"finalValLoss\": %s, \"bestValLoss\": %s,"
                + " \"tokens\": 10240, \"steps\": 10, \"wallSeconds\": 10.0%s}", runId, status, last, last, message));
    }
}
