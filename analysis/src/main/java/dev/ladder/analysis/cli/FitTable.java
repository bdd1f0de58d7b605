package dev.ladder.analysis.cli;

import dev.ladder.analysis.fit.Exclusion;
import dev.ladder.analysis.fit.FitReport;
import dev.ladder.analysis.fit.FitResult;
import dev.ladder.analysis.fit.Holdout;
import java.util.Locale;
import java.util.Map;

/** Formats a {@link FitReport} as a plain-text table for the terminal. */
final class FitTable {

    private FitTable() {
    }

    static String format(FitReport report) {
        StringBuilder out = new StringBuilder();
        for (FitResult fit : report.fits()) {
            out.append(String.format(Locale.ROOT, "%s: %s   (%d runs, objective %.7e, N %s, C %s)%n", fit.law(),
                    fit.formula(), fit.runsUsed().size(), fit.objective(), fit.conventions().params(),
                    fit.conventions().flops()));
            String level = String.format(Locale.ROOT, "%.0f%% interval", 100 * fit.level());
            out.append(String.format(Locale.ROOT, "  %-26s %14s   %s%n", "quantity", "value",
                    fit.bootstrap() > 0 ? level + " (" + fit.bootstrap() + " resamples, seed " + fit.seed() + "; "
                            + fit.bootstrapMethod().phrase() + ")"
                            : "(no bootstrap)"));
            rows(out, fit.parameters(), fit.intervals());
            rows(out, fit.derived(), fit.intervals());
            fit.intervals().forEach((name, iv) -> {
                if (name.startsWith("newRunLoss@")) out.append(row(name, Double.NaN, iv));
            });
            if (fit.bootstrapFailures() > 0) {
                out.append("  bootstrap: ").append(fit.bootstrapFailures()).append(" resamples refused\n");
                if (fit.bootstrapFailureReasons() != null) {
                    fit.bootstrapFailureReasons().forEach((reason, count) -> out.append(String.format(Locale.ROOT,
                            "    %5d x %s%n", count, reason)));
                }
            }
            if (fit.holdout() != null) holdout(out, fit.holdout());
            out.append('\n');
        }
        if (!report.fits().isEmpty() && !report.fits().get(0).runsExcluded().isEmpty()) {
            out.append("excluded runs:\n");
            for (Exclusion e : report.fits().get(0).runsExcluded()) {
                out.append("  ").append(e.runId()).append(": ").append(e.reason()).append('\n');
            }
        }
        for (String refusal : report.refused()) out.append("refused: ").append(refusal).append('\n');
        return out.toString();
    }

    private static void rows(StringBuilder out, Map<String, Double> values, Map<String, double[]> intervals) {
        values.forEach((name, value) -> out.append(row(name, value, intervals.get(name))));
    }

    private static String row(String name, double value, double[] interval) {
        String range = interval == null ? "" : String.format(Locale.ROOT, "[%.5g, %.5g]", interval[0], interval[1]);
        String shown = Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
        return String.format(Locale.ROOT, "  %-26s %14s   %s%n", name, shown, range);
    }

    private static void holdout(StringBuilder out, Holdout holdout) {
        out.append(String.format(Locale.ROOT, "  holdout: %d largest-compute runs, mean |relative error| %.3f%%%n",
                holdout.heldOut().size(), 100 * holdout.meanAbsRelativeError()));
        for (Holdout.HeldOutRun run : holdout.heldOut()) {
            out.append(String.format(Locale.ROOT, "    %-24s C %.3e  actual %.4f  predicted %.4f  (%+.2f%%)%n",
                    run.runId(), run.flops(), run.actualLoss(), run.predictedLoss(), 100 * run.relativeError()));
        }
    }
}
