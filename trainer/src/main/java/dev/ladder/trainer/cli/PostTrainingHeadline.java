package dev.ladder.trainer.cli;

import dev.ladder.analysis.fit.DistillationAnswer;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.FitResult;
import dev.ladder.analysis.fit.FloorComparison;
import dev.ladder.analysis.fit.RunObservations;
import dev.ladder.analysis.plot.PlotInput;
import dev.ladder.analysis.run.RunData;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunSummary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What {@code ladder demo distillation} and {@code ladder demo finetune} print after the fit: the fitted parameters
 * with their bootstrap intervals, and what the runs themselves measured (final validation loss ± its standard error
 * over the validation tokens), in words.
 */
final class PostTrainingHeadline {

    private PostTrainingHeadline() {
    }

    /**
     * The distillation ladder: each student size and budget against its supervised control and across its
     * teachers (where the capacity gap shows), the supervised and distillation laws, and the law's answer.
     */
    static void distillation(PlotInput input, List<RunData> runs, PrintStream console) {
        console.println("measured (final validation loss ± standard error, nats/token; equal student compute in"
                + " each row):");
        Map<String, List<RunData>> byStudent = new TreeMap<>();
        Predicate<RunData> stable = RunObservations.stableRuns(runs);
        for (RunData run : runs) {
            RunInfo.Parents p = run.info().parents();
            if (stable.test(run)) continue;   // WSD: its branches are the points
            if (p != null && p.teacher() != null) byStudent.computeIfAbsent(controlId(run), k -> new ArrayList<>())
                    .add(run);
        }
        for (Map.Entry<String, List<RunData>> student : byStudent.entrySet()) {
            Optional<RunData> control = runs.stream().filter(r -> r.runId().equals(student.getKey())).findFirst();
            List<RunData> distilled = new ArrayList<>(student.getValue());
            distilled.removeIf(r -> loss(r).isEmpty());
            distilled.sort(Comparator.comparingDouble(r -> -teacherLoss(r)));
            console.printf(Locale.ROOT, "  %s: supervised %s%n", student.getKey(),
                    control.map(PostTrainingHeadline::shown).orElse("not trained"));
            for (RunData r : distilled) {
                console.printf(Locale.ROOT, "    from %-14s (L_T %.3f): %s%n", r.info().parents().teacher().runId(),
                        teacherLoss(r), shown(r));
            }
            if (distilled.isEmpty()) continue;
            RunData best = distilled.stream().min(Comparator.comparingDouble(r -> loss(r).orElseThrow()))
                    .orElseThrow();
            RunData strongest = distilled.get(distilled.size() - 1);
            console.printf(Locale.ROOT, "    best teacher %s (L_T %.3f)%s%n", best.info().parents().teacher().runId(),
                    teacherLoss(best), best == strongest ? ", the strongest: no capacity gap within these teachers"
                            : String.format(Locale.ROOT, ", not the strongest (%s, L_T %.3f, gives %s): %s",
                            strongest.info().parents().teacher().runId(), teacherLoss(strongest), shown(strongest),
                            gap(best, strongest)));
            control.filter(c -> loss(c).isPresent()).ifPresent(c -> console.printf(Locale.ROOT, "    best distilled"
                    + " minus supervised: %s%n", difference(best, c)));
        }
        printLaw(input.law("supervised"), "students' supervised law, L = E + (A/N^alpha + B/D^beta)^gamma",
                List.of("E", "A", "B", "alpha", "beta", "gamma"), console);
        Optional<FitPipeline.Fitted> law = input.law("distillation");
        printLaw(law, "distillation law (Busbridge et al. 2025, Eq. 8)",
                List.of("A", "B", "alpha", "beta", "gamma", "c0", "c1", "f1", "d1"), console);
        law.ifPresent(f -> DistillationAnswer.sentences(f.result()).forEach(s -> console.println("  " + s)));
        input.refused().forEach(r -> console.println("  not fitted: " + r));
    }

    /** The fine-tuning ladder: fine-tuned against from-scratch losses, the fine-tuning and transfer laws. */
    static void finetune(PlotInput input, List<RunData> runs, PrintStream console) {
        console.println("measured on the target (final validation loss ± standard error, nats/token):");
        List<RunData> tuned = runs.stream().filter(r -> r.info().parents() != null
                && r.info().parents().pretrained() != null)
                .sorted(Comparator.comparingLong((RunData r) -> r.info().params().nonEmbedding())
                        .thenComparingLong(PostTrainingHeadline::tokens)).toList();
        for (RunData r : tuned) {
            Optional<RunData> scratch = runs.stream().filter(s -> s.info().parents() == null)
                    .filter(s -> sameShape(s, r) && corpus(s).equals(corpus(r)) && tokens(s) == tokens(r))
                    .findFirst();
            console.printf(Locale.ROOT, "  %-26s %s%s%n", r.runId(), shown(r), scratch.filter(s -> loss(s).isPresent())
                    .map(s -> String.format(Locale.ROOT, "; from scratch on the same tokens %s; fine-tuned minus"
                            + " scratch %s", shown(s), difference(r, s))).orElse(""));
        }
        printLaw(input.law("finetune"), "fine-tuning law (Zhang et al. 2024), L = A X^-alpha D_f^-beta + E, X the"
                + " pretrained model's non-embedding N", List.of("A", "alpha", "beta", "E"), console);
        input.law("finetune").flatMap(f -> FloorComparison.describe(runs, f.result()))
                .ifPresent(line -> console.println("  " + line));
        printLaw(input.law("transfer"), "transfer (Hernandez et al. 2021), D_T = k D_F^alpha N^beta",
                List.of("k", "alpha", "beta"), console);
        input.law("transfer").ifPresent(f -> console.printf(Locale.ROOT, "  from %d fine-tuned runs; %d left out"
                + " (e.g. no from-scratch crossing)%n", f.result().runsUsed().size(),
                f.result().runsExcluded().size()));
        input.refused().forEach(r -> console.println("  not fitted: " + r));
    }

    private static void printLaw(Optional<FitPipeline.Fitted> law, String title, List<String> names,
                                 PrintStream console) {
        if (law.isEmpty()) {
            console.println(title + ": not fitted (see below and the report)");
            return;
        }
        FitResult r = law.get().result();
        console.println(title + ", " + Math.round(100 * r.level()) + "% bootstrap intervals"
                + (r.bootstrapMethod() == null ? "" : " (" + r.bootstrapMethod().phrase() + ")") + ", "
                + r.runsUsed().size() + " runs:");
        for (String name : names) {
            if (r.parameters().containsKey(name)) console.println("  " + estimate(r, name));
        }
    }

    /** A fitted parameter with its interval, e.g. {@code alpha = 0.3412  [0.2811, 0.4020]}. */
    static String estimate(FitResult r, String name) {
        double[] interval = r.intervals().get(name);
        String range = interval == null ? "" : String.format(Locale.ROOT, "  [%.4g, %.4g]", interval[0], interval[1]);
        return String.format(Locale.ROOT, "%-5s = %.4g%s", name, r.parameters().get(name), range);
    }

    /** The supervised control of a student: its shape and budget without the teacher part of its run id. */
    private static String controlId(RunData student) {
        String id = student.runId();
        int kd = id.indexOf("-kd-");
        int seed = id.lastIndexOf("-s");
        return kd < 0 || seed < kd ? id : id.substring(0, kd) + id.substring(seed);
    }

    private static double teacherLoss(RunData student) {
        Double l = student.info().parents().teacher().finalValLoss();
        return l == null ? Double.NaN : l;
    }

    private static Optional<Double> loss(RunData run) {
        return run.summary().map(RunSummary::finalValLoss);
    }

    private static double stderr(RunData run) {
        return run.summary().map(RunSummary::finalValLossStderr).orElse(Double.NaN);
    }

    private static String shown(RunData run) {
        return loss(run).map(l -> String.format(Locale.ROOT, "%.3f ± %.3f", l, stderr(run)))
                .orElse("no final loss (" + run.status().json() + ")");
    }

    /**
     * Whether the best teacher's student beats the strongest teacher's by more than twice the standard error of the
     * difference: a capacity gap, or one the evaluation error cannot tell from none.
     */
    private static String gap(RunData best, RunData strongest) {
        Difference d = Difference.of(strongest, best);
        return gap(d.value(), d.se());
    }

    /** {@link #gap(RunData, RunData)} for a difference {@code d} (strongest minus best) with standard error se. */
    static String gap(double d, double se) {
        return d > 2 * se ? String.format(Locale.ROOT, "a capacity gap (%.3f ± %.3f nats)", d, se)
                : String.format(Locale.ROOT, "%.3f ± %.3f nats apart, within twice the error: no clear capacity gap",
                        d, se);
    }

    /** a - b with the standard error of the difference. */
    private static String difference(RunData a, RunData b) {
        Difference d = Difference.of(a, b);
        return String.format(Locale.ROOT, "%+.3f ± %.3f", d.value(), d.se());
    }

    /** a's final loss minus b's, with its standard error (the two validation means are independent samples). */
    private record Difference(double value, double se) {
        static Difference of(RunData a, RunData b) {
            return new Difference(loss(a).orElseThrow() - loss(b).orElseThrow(), Math.hypot(stderr(a), stderr(b)));
        }
    }

    private static boolean sameShape(RunData a, RunData b) {
        return a.info().model() != null && a.info().model().equals(b.info().model());
    }

    private static String corpus(RunData run) {
        return run.info().corpus() == null ? "" : String.valueOf(run.info().corpus().spec());
    }

    private static long tokens(RunData run) {
        return run.summary().map(RunSummary::tokens).orElse(-1L);
    }
}
