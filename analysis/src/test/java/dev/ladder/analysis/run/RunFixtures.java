package dev.ladder.analysis.run;

import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogWriter;
import dev.ladder.data.runlog.RunRecord;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.runlog.StepRecord;
import java.nio.file.Path;

/** Writes small but real run directories with the data module's writers, for tests. */
public final class RunFixtures {

    private RunFixtures() {
    }

    /**
     * A run of a 2-layer model with 10 logged steps and an eval every other step; the loss falls as 2 + 5/step^0.3.
     *
     * @param status       how it ended; null writes no summary.json (still running)
     * @param warmupTokens tokens of warmup recorded in run.json
     */
    public static Path writeRun(Path ladderDir, String runId, long params, RunSummary.Status status,
                                long warmupTokens) {
        Path dir = ladderDir.resolve(runId);
        RunDirectory layout = new RunDirectory(dir);
        double perToken = 6.0 * params;
        RunInfo info = new RunInfo(RunRecord.CURRENT_VERSION, runId, "tiny", null,
                new RunInfo.ModelShape(2, 2, 64, 32, 256, true), new RunInfo.Params(params + 16384, params, 16384),
                new RunInfo.FlopsPerToken(perToken, 1.1 * perToken, null), 10_240, warmupTokens, 7,
                null, null, null, null, null);
        RunJson.writeAtomically(layout.runJson(), info);
        double lastLoss = Double.NaN;
        try (RunLogWriter log = new RunLogWriter(layout.metrics())) {
            for (int step = 1; step <= 10; step++) {
                long tokens = 1024L * step;
                double loss = 2 + 5 / Math.pow(step * params / 1e4, 0.3);
                log.write(new StepRecord(runId, step, tokens, perToken * tokens, loss + 0.05, 1e-3, 0.5, step, 900.0));
                if (step % 2 == 0) {
                    log.write(new EvalRecord(runId, step, tokens, perToken * tokens, loss, step + 0.5));
                    lastLoss = loss;
                }
            }
        }
        if (status != null) {
            String message = status == RunSummary.Status.COMPLETED ? null : "loss NaN at step 11";
            RunJson.writeAtomically(layout.summaryJson(), new RunSummary(RunRecord.CURRENT_VERSION, runId, status,
                    lastLoss, lastLoss, 10_240, 10, 10.0, message, null));
        }
        return dir;
    }
}
