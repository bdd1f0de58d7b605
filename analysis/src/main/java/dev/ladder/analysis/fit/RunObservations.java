package dev.ladder.analysis.fit;

import dev.ladder.analysis.run.RunData;
import dev.ladder.analysis.run.RunStatus;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns runs into {@link FitData} under the chosen conventions. Diverged and failed runs, distillation students and
 * fine-tuned runs (run.json {@code parents}; see {@link PostTrainingRuns}) are excluded (and listed);
 * a run that is not completed contributes its curve but no final loss, a completed one its whole-split evaluation
 * (or, in older logs, its last periodic one) as its final loss; eval points inside warmup
 * (tokens &lt; warmupTokens) are dropped unless asked for. A WSD stable run (named as {@code parents.stable} by a
 * run among the inputs) is excluded: its branches, each a complete run of its own length, are the points.
 */
public final class RunObservations {

    private RunObservations() {
    }

    /** Why a WSD stable run is not a point of any law. */
    static final String STABLE_RUN = "WSD stable run (constant learning rate, never cooled down); its branches are"
            + " the points";

    /** Whether a run is one that WSD branches among {@code runs} start from (a stable run, not a point of a law). */
    public static Predicate<RunData> stableRuns(List<RunData> runs) {
        Set<String> stable = new HashSet<>();
        for (RunData run : runs) {
            RunInfo.Parents parents = run.info().parents();
            if (parents != null && parents.stable() != null) stable.add(run.info().ladder() + "/" + parents.stable());
        }
        return run -> stable.contains(run.info().ladder() + "/" + run.runId());
    }

    public static FitData from(List<RunData> runs, ParamCount params, FlopCount flops, boolean includeWarmup) {
        List<Observation> finals = new ArrayList<>();
        List<Observation> curves = new ArrayList<>();
        List<Exclusion> excluded = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        Predicate<RunData> stable = stableRuns(runs);
        for (RunData run : runs) {
            Optional<String> reason = stable.test(run) ? Optional.of(STABLE_RUN) : unusable(run);
            if (reason.isPresent()) {
                excluded.add(new Exclusion(run.runId(), reason.get()));
                continue;
            }
            double n = paramCount(run.info(), params);
            double perToken = flopsPerToken(run.info(), flops);
            double budget = run.info().plannedFlops() == null ? Double.NaN : run.info().plannedFlops();
            ratios.add(perToken / n);
            List<Observation> points = new ArrayList<>();
            for (EvalRecord e : run.metrics().evals()) {
                boolean warm = e.tokens() >= run.info().warmupTokens() || includeWarmup;
                if (warm && e.tokens() > 0 && e.valLoss() > 0 && Double.isFinite(e.valLoss())) {
                    points.add(new Observation(run.runId(), n, e.tokens(), perToken * e.tokens(), e.valLoss())
                            .withBudget(budget).withSeed(run.info().seed()));
                }
            }
            curves.addAll(points);
            finalLoss(run, n, perToken, includeWarmup).map(o -> o.withBudget(budget).withSeed(run.info().seed()))
                    .ifPresentOrElse(finals::add, () -> excluded.add(new Exclusion(run.runId(), finalReason(run))));
        }
        double k = ratios.isEmpty() ? 6.0 : median(ratios);
        List<String> inputs = runs.stream().map(r -> r.dir().toString()).toList();
        return new FitData(finals, curves, excluded, k, inputs);
    }

    /** N under the convention. */
    public static double paramCount(RunInfo info, ParamCount convention) {
        return convention == ParamCount.total ? info.params().total() : info.params().nonEmbedding();
    }

    /** FLOPs per training token under the convention. */
    public static double flopsPerToken(RunInfo info, FlopCount convention) {
        RunInfo.FlopsPerToken perToken = info.flopsPerToken();
        return convention == FlopCount.kaplan ? perToken.kaplan6N() : perToken.chinchillaExact();
    }

    private static Optional<String> unusable(RunData run) {
        Optional<String> role = PostTrainingRuns.postTrainingRole(run.info());
        if (role.isPresent()) return role;
        if (run.status().broken()) {
            String message = run.summary().map(s -> s.message() == null ? "" : ": " + s.message()).orElse("");
            return Optional.of("status " + run.status().json() + message);
        }
        if (run.metrics().evals().isEmpty()) return Optional.of("no valLoss eval in metrics.jsonl");
        return Optional.empty();
    }

    /**
     * The final loss: the whole-split evaluation (else the last periodic one), when the run completed and that
     * evaluation is not inside warmup.
     */
    private static Optional<Observation> finalLoss(RunData run, double n, double perToken, boolean includeWarmup) {
        if (run.status() != RunStatus.COMPLETED) return Optional.empty();
        EvalRecord e = run.finalEval().orElseThrow();
        boolean warm = e.tokens() >= run.info().warmupTokens() || includeWarmup;
        if (!warm || e.tokens() <= 0 || !(e.valLoss() > 0) || !Double.isFinite(e.valLoss())) return Optional.empty();
        return Optional.of(new Observation(run.runId(), n, e.tokens(), perToken * e.tokens(), e.valLoss()));
    }

    private static String finalReason(RunData run) {
        if (run.status() != RunStatus.COMPLETED) return "status " + run.status().json() + ": no final loss";
        EvalRecord last = run.finalEval().orElseThrow();
        return "final eval at tokens = " + last.tokens() + " is inside warmup (warmupTokens = "
                + run.info().warmupTokens() + ") or its valLoss = " + last.valLoss() + " is not finite";
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
