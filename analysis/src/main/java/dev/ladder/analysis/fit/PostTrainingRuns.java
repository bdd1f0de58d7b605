package dev.ladder.analysis.fit;

import dev.ladder.analysis.run.RunData;
import dev.ladder.analysis.run.RunStatus;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns run directories into the observations of the post-training laws, reading {@code parents} in run.json:
 * <ul>
 *   <li>distillation students ({@code parents.teacher}): N_S non-embedding, D_S the student's tokens at its final
 *       eval, L_S its final valLoss (cross-entropy against the data), L_T the teacher run's final valLoss;</li>
 *   <li>fine-tuned runs ({@code parents.pretrained}): X the parent's non-embedding parameters or its pre-training
 *       tokens, D_f the fine-tuned run's tokens (which count fine-tuning tokens only), L its final valLoss;</li>
 *   <li>transfer: for each fine-tuned run, the from-scratch controls are the runs without parents of the same shape
 *       (nLayer, nHead, dModel) on the same corpus spec. With completed controls at two or more token budgets (a
 *       fine-tuning ladder's {@code scratchTokens}), the from-scratch curve is their final losses against their
 *       tokens, each a run trained and decayed over its own budget as in Hernandez et al. 2021; with one, it is that
 *       run's eval curve. D_E is where the curve first reaches the fine-tuned loss, interpolated linearly in log
 *       tokens between the two points around it, and D_T = D_E - D_F.</li>
 * </ul>
 * A parent is looked up among the inputs by run id within the same ladder, else by a run id unique among the inputs
 * (a teacher from another ladder folder). Runs whose parent is missing or did not
 * complete, that did not complete themselves, or (transfer) whose D_E cannot be read off or whose D_T &le; 0, are
 * excluded with the reason.
 */
public final class PostTrainingRuns {

    /** What X of the fine-tuning law is. */
    public enum FinetuneX { params, tokens }

    private PostTrainingRuns() {
    }

    /** Whether a run is a distillation student or a fine-tuned run (pre-training laws leave these out). */
    public static Optional<String> postTrainingRole(RunInfo info) {
        RunInfo.Parents parents = info.parents();
        if (parents == null) return Optional.empty();
        if (parents.teacher() != null) return Optional.of("distillation student (parents.teacher = "
                + parents.teacher().runId() + "); fitted by --law distillation");
        if (parents.pretrained() != null) return Optional.of("fine-tuned run (parents.pretrained = "
                + parents.pretrained().runId() + "); fitted by --law finetune and transfer");
        return Optional.empty();
    }

    /** The supervised runs on the students' corpus, for the student's supervised law (N non-embedding). */
    public static List<RunData> supervisedFor(List<RunData> runs) {
        List<String> corpora = runs.stream().filter(r -> teacherId(r) != null).map(PostTrainingRuns::corpus)
                .distinct().toList();
        return runs.stream().filter(r -> r.info().parents() == null || (teacherId(r) == null
                && r.info().parents().pretrained() == null))
                .filter(r -> corpora.isEmpty() || corpora.contains(corpus(r))).toList();
    }

    /** Students with their teachers' losses. */
    public static FitData students(List<RunData> runs) {
        Index index = new Index(runs);
        List<Observation> finals = new ArrayList<>();
        List<Exclusion> excluded = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        Predicate<RunData> stable = RunObservations.stableRuns(runs);
        for (RunData run : runs) {
            String teacher = teacherId(run);
            if (teacher == null) continue;
            if (stable.test(run)) {
                excluded.add(new Exclusion(run.runId(), RunObservations.STABLE_RUN));
                continue;
            }
            Optional<String> why = index.problem(run, teacher, "teacher");
            Optional<Double> loss = finalLoss(run);
            if (why.isEmpty() && loss.isEmpty()) why = Optional.of("status " + run.status().json() + ": no final loss");
            if (why.isPresent()) {
                excluded.add(new Exclusion(run.runId(), why.get()));
                continue;
            }
            double n = run.info().params().nonEmbedding();
            double d = run.finalEval().orElseThrow().tokens();
            double perToken = run.info().flopsPerToken().kaplan6N();
            ratios.add(perToken / n);
            double teacherLoss = finalLoss(index.find(run, teacher)).orElseThrow();
            finals.add(new Observation(run.runId(), n, d, perToken * d, loss.get(), teacherLoss));
        }
        return new FitData(finals, List.of(), excluded, median(ratios), inputs(runs));
    }

    /** Fine-tuned runs: X (the parent's N or pre-training tokens), D_f, final loss. */
    public static FitData finetuned(List<RunData> runs, FinetuneX x) {
        Index index = new Index(runs);
        List<Observation> finals = new ArrayList<>();
        List<Exclusion> excluded = new ArrayList<>();
        for (RunData run : runs) {
            String parent = pretrainedId(run);
            if (parent == null) continue;
            Optional<String> why = index.problem(run, parent, "pretrained parent");
            Optional<Double> loss = finalLoss(run);
            if (why.isEmpty() && loss.isEmpty()) why = Optional.of("status " + run.status().json() + ": no final loss");
            if (why.isPresent()) {
                excluded.add(new Exclusion(run.runId(), why.get()));
                continue;
            }
            RunData p = index.find(run, parent);
            double xValue = x == FinetuneX.params ? p.info().params().nonEmbedding()
                    : p.finalEval().orElseThrow().tokens();
            double df = run.finalEval().orElseThrow().tokens();
            finals.add(new Observation(run.runId(), xValue, df, 6 * xValue * df, loss.get()));
        }
        return new FitData(finals, List.of(), excluded, 6, inputs(runs));
    }

    /** Fine-tuned runs with the effective data transferred: N, D_F and D_T (as the observation's loss). */
    public static FitData transferred(List<RunData> runs) {
        FitData tuned = finetuned(runs, FinetuneX.params);
        Map<String, RunData> byId = new HashMap<>();
        for (RunData r : runs) byId.put(r.runId(), r);
        List<Observation> finals = new ArrayList<>();
        List<Exclusion> excluded = new ArrayList<>(tuned.excluded());
        for (Observation o : tuned.finals()) {
            RunData run = byId.get(o.runId());
            List<RunData> controls = controls(run, runs);
            if (controls.isEmpty()) {
                excluded.add(new Exclusion(run.runId(), "no from-scratch run of shape " + shape(run.info())
                        + " on " + corpus(run) + " among the inputs"));
                continue;
            }
            double fineTunedLoss = o.loss();
            List<double[]> curve = controls.stream().filter(c -> finalLoss(c).isPresent() && c.finalEval()
                    .isPresent()).map(c -> new double[] {c.finalEval().get().tokens(), finalLoss(c).get()})
                    .sorted(java.util.Comparator.comparingDouble(p -> p[0])).toList();
            boolean fromFinals = curve.stream().mapToDouble(p -> p[0]).distinct().count() >= 2;
            RunData longest = controls.get(0);
            Optional<Double> de = fromFinals ? crossing(curve, fineTunedLoss)
                    : tokensToReach(longest, fineTunedLoss);
            if (de.isEmpty()) {
                excluded.add(new Exclusion(run.runId(), fromFinals
                        ? String.format(java.util.Locale.ROOT, "the final losses of the %d from-scratch runs of"
                                + " shape %s do not cross the fine-tuned loss %.4f", curve.size(),
                                shape(run.info()), fineTunedLoss)
                        : String.format(java.util.Locale.ROOT, "from-scratch run %s's curve does not cross the"
                                + " fine-tuned loss %.4f inside its evals", longest.runId(), fineTunedLoss)));
                continue;
            }
            double dt = de.get() - o.tokens();
            if (!(dt > 0)) {
                excluded.add(new Exclusion(run.runId(), String.format(java.util.Locale.ROOT,
                        "no positive transfer: D_E = %.4g <= D_F = %.4g", de.get(), o.tokens())));
                continue;
            }
            double n = run.info().params().nonEmbedding();
            finals.add(new Observation(run.runId(), n, o.tokens(), 6 * n * o.tokens(), dt));
        }
        return new FitData(finals, List.of(), excluded, 6, inputs(runs));
    }

    /**
     * The tokens at which a run's eval curve first reaches {@code loss}: linear in log tokens between the evals on
     * either side; empty when the first eval is already at or below it or no eval reaches it.
     */
    public static Optional<Double> tokensToReach(RunData run, double loss) {
        return crossing(run.metrics().evals().stream().filter(e -> e.tokens() > 0 && Double.isFinite(e.valLoss()))
                .map(e -> new double[] {e.tokens(), e.valLoss()}).toList(), loss);
    }

    /**
     * The tokens at which a curve of (tokens, loss) points, in increasing tokens, first reaches {@code loss}: linear
     * in log tokens between the points on either side; empty when its first point is already at or below it or no
     * point reaches it.
     */
    static Optional<Double> crossing(List<double[]> curve, double loss) {
        for (int i = 1; i < curve.size(); i++) {
            double[] before = curve.get(i - 1);
            double[] after = curve.get(i);
            if (before[1] <= loss) return Optional.empty();
            if (after[1] <= loss) {
                double f = (before[1] - loss) / (before[1] - after[1]);
                return Optional.of(Math.exp(Math.log(before[0]) + f * (Math.log(after[0]) - Math.log(before[0]))));
            }
        }
        return Optional.empty();
    }

    /** The from-scratch controls of a fine-tuned run, the longest (most tokens, then most evals) first. */
    private static List<RunData> controls(RunData tuned, List<RunData> runs) {
        return runs.stream().filter(r -> r.info().parents() == null)
                .filter(r -> shape(r.info()).equals(shape(tuned.info())) && corpus(r).equals(corpus(tuned)))
                .sorted(java.util.Comparator.comparingLong((RunData r) -> r.finalEval().map(EvalRecord::tokens)
                        .orElse(0L)).thenComparingInt(r -> r.metrics().evals().size()).reversed())
                .toList();
    }

    private static String shape(RunInfo info) {
        RunInfo.ModelShape m = info.model();
        return m == null ? "unknown" : "L" + m.nLayer() + "-d" + m.dModel() + "-h" + m.nHead();
    }

    private static String corpus(RunData run) {
        return run.info().corpus() == null ? "" : Objects.toString(run.info().corpus().spec(), "");
    }

    private static String teacherId(RunData run) {
        RunInfo.Parents parents = run.info().parents();
        return parents == null || parents.teacher() == null ? null : parents.teacher().runId();
    }

    private static String pretrainedId(RunData run) {
        RunInfo.Parents parents = run.info().parents();
        return parents == null || parents.pretrained() == null ? null : parents.pretrained().runId();
    }

    /** The final valLoss of a completed run: summary.json's finalValLoss, else its last eval. */
    static Optional<Double> finalLoss(RunData run) {
        if (run.status() != RunStatus.COMPLETED) return Optional.empty();
        Double summary = run.summary().map(s -> s.finalValLoss()).orElse(null);
        if (summary != null && summary > 0 && Double.isFinite(summary)) return Optional.of(summary);
        return run.finalEval().map(EvalRecord::valLoss).filter(v -> v > 0 && Double.isFinite(v));
    }

    private static List<String> inputs(List<RunData> runs) {
        return runs.stream().map(r -> r.dir().toString()).toList();
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) return 6;
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    /** Runs by (ladder, run id), for parent look-ups; a parent in another ladder is found when its id is unique. */
    private static final class Index {
        private final Map<String, RunData> byKey = new HashMap<>();
        private final Map<String, List<RunData>> byId = new HashMap<>();

        Index(List<RunData> runs) {
            for (RunData r : runs) {
                byKey.put(r.info().ladder() + "/" + r.runId(), r);
                byId.computeIfAbsent(r.runId(), id -> new ArrayList<>()).add(r);
            }
        }

        RunData find(RunData child, String id) {
            RunData same = byKey.get(child.info().ladder() + "/" + id);
            if (same != null) return same;
            List<RunData> elsewhere = byId.getOrDefault(id, List.of());
            return elsewhere.size() == 1 ? elsewhere.get(0) : null;
        }

        Optional<String> problem(RunData child, String id, String role) {
            RunData parent = find(child, id);
            if (parent == null) return Optional.of(role + " " + id + " is not among the inputs");
            if (finalLoss(parent).isEmpty()) {
                return Optional.of(role + " " + id + " has no final loss (status " + parent.status().json() + ")");
            }
            return Optional.empty();
        }
    }
}
