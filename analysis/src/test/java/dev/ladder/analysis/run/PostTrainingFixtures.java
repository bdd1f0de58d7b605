package dev.ladder.analysis.run;

import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogWriter;
import dev.ladder.data.runlog.RunRecord;
import dev.ladder.data.runlog.RunSummary;
import java.nio.file.Path;

/**
 * Writes run directories of supervised runs, distillation students and fine-tuned runs (run.json {@code parents}),
 * with the data module's writers, for tests of the post-training laws.
 */
public final class PostTrainingFixtures {

    private PostTrainingFixtures() {
    }

    /** Parents of a distillation student taught by the run {@code runId} (found by id, as the readers do). */
    public static RunInfo.Parents taughtBy(String runId) {
        return new RunInfo.Parents(new RunInfo.Parent(runId, null, null, 0, null), null);
    }

    /** Parents of a run fine-tuned from the run {@code runId}. */
    public static RunInfo.Parents pretrainedBy(String runId) {
        return new RunInfo.Parents(null, new RunInfo.Parent(runId, null, null, 0, null));
    }

    /**
     * A run whose evals are at {@code tokens[i]} with valLoss {@code losses[i]}; the last is its final loss.
     *
     * @param dModel   width; the shape is L2-d{dModel}-h2, so runs of the same width are the same shape
     * @param nonEmb   non-embedding parameters recorded in run.json
     * @param corpus   corpus spec (fine-tuned runs and their controls use the target corpus)
     * @param parents  run.json parents; null for a supervised run
     * @param status   how it ended
     */
    public static Path write(Path ladderDir, String runId, int dModel, long nonEmb, String corpus,
                             RunInfo.Parents parents, RunSummary.Status status, long[] tokens, double[] losses) {
        Path dir = ladderDir.resolve(runId);
        RunDirectory layout = new RunDirectory(dir);
        double perToken = 6.0 * nonEmb;
        RunInfo info = new RunInfo(RunRecord.CURRENT_VERSION, runId, ladderDir.getFileName().toString(), null,
                new RunInfo.ModelShape(2, 2, dModel, 32, 64, true), new RunInfo.Params(nonEmb + 4096, nonEmb, 4096),
                new RunInfo.FlopsPerToken(perToken, 1.1 * perToken, null), tokens[tokens.length - 1], 0, 1,
                new RunInfo.CorpusInfo(corpus, "char", null, null), null, parents);
        RunJson.writeAtomically(layout.runJson(), info);
        try (RunLogWriter log = new RunLogWriter(layout.metrics())) {
            for (int i = 0; i < tokens.length; i++) {
                log.write(new EvalRecord(runId, i + 1, tokens[i], perToken * tokens[i], losses[i], i + 1.0));
            }
        }
        double last = losses[losses.length - 1];
        String message = status == RunSummary.Status.COMPLETED ? null : "stopped";
        RunJson.writeAtomically(layout.summaryJson(), new RunSummary(RunRecord.CURRENT_VERSION, runId, status, last,
                last, tokens[tokens.length - 1], tokens.length, 1.0, message, null));
        return dir;
    }

    /** A completed run with one eval: its final loss. */
    public static Path finalOnly(Path ladderDir, String runId, int dModel, long nonEmb, String corpus,
                                 RunInfo.Parents parents, long tokens, double loss) {
        return write(ladderDir, runId, dModel, nonEmb, corpus, parents, RunSummary.Status.COMPLETED,
                new long[] {tokens}, new double[] {loss});
    }
}
