package dev.ladder.analysis.report;

import dev.ladder.analysis.fit.Bootstrap;
import dev.ladder.analysis.fit.FitResult;
import dev.ladder.analysis.fit.FloorComparison;
import dev.ladder.analysis.fit.Holdout;
import dev.ladder.analysis.fit.Observation;
import dev.ladder.analysis.run.RunData;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fitted laws in words and tables: parameters with bootstrap intervals, the compute-optimal allocation as
 * sentences, and the extrapolation (holdout) error.
 */
final class LawSection {

    static final List<String> HEADERS = List.of("law", "formula", "quantity", "value", "interval", "runs");
    /** Sentence that opens each allocation, followed by the budget. */
    static final String ALLOCATION = "FLOPs, train N \u2248 ";

    private LawSection() {
    }

    /** "; " and what the resamples resampled, naming the laws of each method when the laws used both. */
    private static String methods(List<FitResult> fits) {
        Map<Bootstrap.Method, List<String>> laws = new EnumMap<>(Bootstrap.Method.class);
        for (FitResult fit : fits) {
            if (fit.bootstrapMethod() != null) {
                laws.computeIfAbsent(fit.bootstrapMethod(), m -> new ArrayList<>()).add(fit.law());
            }
        }
        if (laws.size() == 1) return "; " + laws.keySet().iterator().next().phrase();
        StringBuilder out = new StringBuilder();
        laws.forEach((method, names) -> out.append("; ").append(method.phrase()).append(" for ")
                .append(String.join(", ", names)));
        return out.toString();
    }

    /** The laws table, and the refused laws. */
    static String laws(List<FitResult> fits, List<String> refused, double level, List<RunData> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (FitResult fit : fits) {
            boolean first = true;
            for (Map.Entry<String, Double> entry : quantities(fit)) {
                String name = entry.getKey();
                rows.add(List.of(first ? "<b>" + Html.escape(fit.law()) + "</b>" : "",
                        first ? "<code>" + Html.escape(fit.formula()) + "</code>" : "", Html.escape(name),
                        Html.number(entry.getValue()), Html.interval(fit.intervals().get(name)),
                        first ? String.valueOf(fit.runsUsed().size()) : ""));
                first = false;
            }
        }
        StringBuilder out = new StringBuilder("<h2 id=\"laws\">Fitted laws</h2>\n");
        out.append(Html.text("p", String.format(Locale.ROOT, "Intervals: %.0f %% percentile bootstrap",
                100 * level) + (fits.isEmpty() ? "" : " (" + fits.get(0).bootstrap() + " resamples, seed "
                + fits.get(0).seed() + methods(fits) + ")")
                + ". Allocations at given budgets are in the next section."));
        out.append(Html.table(HEADERS, rows));
        List<String> floors = new ArrayList<>();
        for (FitResult fit : fits) FloorComparison.describe(runs, fit).ifPresent(l -> floors.add(fit.law() + ": " + l));
        if (!floors.isEmpty()) {
            out.append("<p>The irreducible loss E beside the corpus: a law fitted to losses of context-T models"
                    + " estimates the context-T floor, not the entropy rate.</p>\n<ul>\n");
            for (String line : floors) out.append(Html.text("li", line));
            out.append("</ul>\n");
        }
        if (!refused.isEmpty()) {
            out.append("<p>Laws the data could not support:</p>\n<ul>\n");
            for (String r : refused) out.append(Html.text("li", r));
            out.append("</ul>\n");
        }
        return out.toString();
    }

    /** One sentence per law and budget: "at C FLOPs, train N ≈ ... parameters on D ≈ ... tokens". */
    static String allocation(List<FitResult> fits, List<Observation> finals) {
        double largest = finals.stream().mapToDouble(Observation::flops).max().orElse(Double.NaN);
        StringBuilder out = new StringBuilder("<h2 id=\"allocation\">Compute-optimal allocation</h2>\n<ul>\n");
        int sentences = 0;
        for (FitResult fit : fits) {
            for (String key : fit.derived().keySet()) {
                if (!key.startsWith("nOpt@")) continue;
                out.append("<li>").append(sentence(fit, key.substring("nOpt@".length()), largest)).append("</li>\n");
                sentences++;
            }
        }
        out.append("</ul>\n");
        if (sentences == 0) out.append(Html.text("p", "No fitted law gives a compute-optimal allocation."));
        return out.toString();
    }

    /** The holdout error of each law that ran the check, or why it did not run. */
    static String holdout(List<FitResult> fits, Optional<String> skipped) {
        StringBuilder out = new StringBuilder("<h2 id=\"holdout\">Extrapolation check (holdout)</h2>\n");
        skipped.ifPresent(why -> out.append(Html.text("p", "Not run: " + why + ".")));
        List<List<String>> rows = new ArrayList<>();
        for (FitResult fit : fits) {
            Holdout holdout = fit.holdout();
            if (holdout == null) continue;
            for (Holdout.HeldOutRun run : holdout.heldOut()) {
                rows.add(List.of(Html.escape(fit.law()), Html.escape(run.runId()), Html.number(run.flops()),
                        Html.number(run.actualLoss()), Html.number(run.predictedLoss()),
                        String.format(Locale.ROOT, "%+.2f %%", 100 * run.relativeError()),
                        String.format(Locale.ROOT, "%.2f %%", 100 * holdout.meanAbsRelativeError())));
            }
        }
        if (rows.isEmpty() && skipped.isEmpty()) {
            out.append(Html.text("p", "Not asked for (--holdout 0)."));
        } else if (!rows.isEmpty()) {
            out.append(Html.text("p", "Each law is refitted without the largest-compute runs and predicts their final "
                    + "loss; relative error = (predicted \u2212 actual) / actual."));
            out.append(Html.table(List.of("law", "held-out run", "FLOPs", "actual loss", "predicted loss",
                    "relative error", "mean |relative error|"), rows));
        }
        return out.toString();
    }

    private static String sentence(FitResult fit, String budget, double largest) {
        double c = Double.parseDouble(budget);
        Map<String, Double> d = fit.derived();
        double n = d.get("nOpt@" + budget);
        double tokens = d.get("dOpt@" + budget);
        String where = Math.abs(c / largest - 1) < 1e-2 ? "the largest compute in the data"
                : String.format(Locale.ROOT, "%.0f\u00d7 the largest compute in the data", c / largest);
        StringBuilder s = new StringBuilder("<b>").append(Html.escape(fit.law())).append("</b> (")
                .append(Html.escape(approach(fit.law()))).append("): at ").append(Html.number(c)).append(' ')
                .append(Html.escape(ALLOCATION)).append(Html.number(n)).append(" parameters ")
                .append(interval(fit, "nOpt@" + budget)).append("on D \u2248 ").append(Html.number(tokens))
                .append(" tokens ").append(interval(fit, "dOpt@" + budget)).append("(\u2248 ")
                .append(Html.number(tokens / n)).append(" tokens per parameter; ").append(Html.escape(where));
        Double loss = d.get("loss@" + budget);
        if (loss != null) {
            s.append("; predicted loss ").append(Html.number(loss));
            double[] newRun = fit.intervals().get("newRunLoss@" + budget);
            if (newRun != null) s.append(", a new run lands in ").append(Html.interval(newRun));
        }
        return s.append(").").toString();
    }

    private static String interval(FitResult fit, String name) {
        double[] iv = fit.intervals().get(name);
        return iv == null ? "" : "<span class=\"iv\">" + Html.interval(iv) + "</span> ";
    }

    private static String approach(String law) {
        return switch (law) {
            case "chinchilla" -> "approach 3, parametric fit";
            case "isoflop" -> "approach 2, IsoFLOP profiles";
            case "envelope" -> "approach 1, training-curve envelope";
            default -> law;
        };
    }

    /** Parameters, then derived quantities that do not depend on a budget (e.g. exponents). */
    private static List<Map.Entry<String, Double>> quantities(FitResult fit) {
        List<Map.Entry<String, Double>> all = new ArrayList<>(fit.parameters().entrySet());
        fit.derived().entrySet().stream().filter(e -> !e.getKey().contains("@")).forEach(all::add);
        return all;
    }
}
