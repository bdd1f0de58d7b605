package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.ComputeOptimal;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogWriter;
import dev.ladder.data.runlog.RunRecord;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.runlog.StepRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A real ladder on disk for plot, report and CLI tests, written with the data module's writers: three IsoFLOP budgets
 * of five model sizes each around the true N_opt, whose validation losses follow a known
 * L(N, D) = E + A/N^α + B/D^β (E = the synthetic corpus's entropy rate) with 0.3 % log-normal noise, evaluated at
 * 12 log-spaced token counts; plus one diverged and one interrupted run, which fits must exclude. C = 6·N·D.
 */
public final class LadderFixture {

    public static final double E = 1.1;
    public static final double A = 40;
    public static final double B = 60;
    public static final double ALPHA = 0.34;
    public static final double BETA = 0.28;
    public static final double[] BUDGETS = {1e13, 4e13, 1.6e14};
    public static final int PER_BUDGET = 5;
    public static final int EVALS = 12;
    public static final String DIVERGED = "iso-diverged";
    public static final String INTERRUPTED = "iso-interrupted";

    private LadderFixture() {
    }

    /** The true loss. */
    public static double loss(double params, double tokens) {
        return E + A / Math.pow(params, ALPHA) + B / Math.pow(tokens, BETA);
    }

    /** Writes the ladder into {@code root}/iso and returns that folder; runs total BUDGETS × PER_BUDGET + 2. */
    public static Path write(Path root) {
        Path ladder = root.resolve("iso");
        Random rng = new Random(11);
        ComputeOptimal optimal = new ComputeOptimal(A, B, ALPHA, BETA, 6);
        for (int i = 0; i < BUDGETS.length; i++) {
            double c = BUDGETS[i];
            for (int j = 0; j < PER_BUDGET; j++) {
                long params = Math.round(optimal.params(c) * Math.pow(6, -1 + 2.0 * j / (PER_BUDGET - 1)));
                long tokens = Math.round(c / (6.0 * params));
                String runId = String.format(Locale.ROOT, "iso-c%d-n%d", i, j);
                writeRun(ladder, runId, params, tokens, RunSummary.Status.COMPLETED, rng);
            }
        }
        writeRun(ladder, DIVERGED, 3_000_000, 2_000_000, RunSummary.Status.DIVERGED, rng);
        writeRun(ladder, INTERRUPTED, 200_000, 5_000_000, RunSummary.Status.INTERRUPTED, rng);
        return ladder;
    }

    private static void writeRun(Path ladder, String runId, long params, long tokens, RunSummary.Status status,
                                 Random rng) {
        RunDirectory layout = new RunDirectory(ladder.resolve(runId));
        int dModel = (int) Math.max(16, Math.round(Math.sqrt(params / 24.0)));
        long embedding = 256L * dModel;
        RunInfo info = new RunInfo(RunRecord.CURRENT_VERSION, runId, "iso", null,
                new RunInfo.ModelShape(2, 4, dModel, 128, 256, true),
                new RunInfo.Params(params, params - embedding, embedding),
                new RunInfo.FlopsPerToken(6.0 * params, 6.3 * params, 6.1 * params), tokens, tokens / 20, 17,
                new RunInfo.CorpusInfo("synthetic:default", "char", E, 0.002, E + 0.01, 0.0, 128),
                new RunInfo.Provenance("0.1.0-test", "abc1234", "17.0.9", "Linux", "amd64", "nd4j-native", 2,
                        "cpu", "2026-11-24T08:00:00Z"), null, null, null);
        RunJson.writeAtomically(layout.runJson(), info);
        int evals = status == RunSummary.Status.COMPLETED ? EVALS : EVALS / 2;
        double last = Double.NaN;
        try (RunLogWriter log = new RunLogWriter(layout.metrics())) {
            for (int k = 1; k <= evals; k++) {
                long seen = Math.round(tokens * Math.pow(100, (k - EVALS) / (EVALS - 1.0)));
                double flops = 6.0 * params * seen;
                double valLoss = loss(params, seen) * Math.exp(0.003 * rng.nextGaussian());
                if (status == RunSummary.Status.DIVERGED && k > 3) valLoss = k == evals ? Double.NaN : 3 * k;
                log.write(new StepRecord(runId, k * 10L, seen, flops, valLoss * 1.01, 1e-3, 0.8, k, 5e4));
                log.write(new EvalRecord(runId, k * 10L, seen, flops, valLoss, k + 0.5));
                last = valLoss;
            }
            if (status == RunSummary.Status.COMPLETED) log.write(wholeSplit(runId, evals * 10L, tokens, params, last));
        }
        String message = switch (status) {
            case COMPLETED -> null;
            case DIVERGED -> "loss NaN at step " + evals * 10;
            default -> "stopped by SIGINT at step " + evals * 10;
        };
        RunJson.writeAtomically(layout.summaryJson(), new RunSummary(RunRecord.CURRENT_VERSION, runId, status,
                last, last, tokens, evals * 10L, 12.5, message, null));
    }

    /** A final whole-split evaluation whose loss by position falls over the first positions and averages to loss. */
    private static EvalRecord wholeSplit(String runId, long step, long tokens, long params, double loss) {
        int positions = 128;
        double[] shape = new double[positions];
        double mean = 0;
        for (int t = 0; t < positions; t++) {
            shape[t] = 1 + 0.5 / (t + 1);
            mean += shape[t] / positions;
        }
        List<Double> byPosition = new ArrayList<>();
        for (double x : shape) byPosition.add(loss * x / mean);
        return new EvalRecord(runId, step, tokens, 6.0 * params * tokens, loss, 13, 0.002, 262_144L, true,
                byPosition);
    }
}
