package dev.ladder.analysis.report;

import dev.ladder.analysis.fit.Bootstrap;
import dev.ladder.analysis.fit.Conventions;
import dev.ladder.analysis.fit.Exclusion;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.FitResult;
import dev.ladder.analysis.plot.Figure;
import dev.ladder.analysis.plot.PlotInput;
import dev.ladder.analysis.run.RunData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The report as one self-contained HTML page: inline CSS, figures embedded as data: URIs, no script, nothing fetched.
 * Sections: plan, laws, allocation, holdout, figures, excluded runs, conventions, provenance.
 */
final class ReportPage {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;
            max-width:1200px;margin:0 auto;padding:1.5em 2em;line-height:1.45}
            h1{margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            .sub{color:#666;margin-top:0}nav a{margin-right:1em}
            table{border-collapse:collapse;margin:.8em 0;font-size:.92em}
            th,td{border:1px solid #ddd;padding:.3em .6em;text-align:right;vertical-align:top}
            th{background:#f4f4f4}td:first-child,th:first-child,td:nth-child(2),th:nth-child(2){text-align:left}
            tbody tr:nth-child(even){background:#fafafa}code{font-size:.95em}.iv{color:#555}
            figure{margin:1.2em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{color:#444;font-size:.95em;margin-top:.3em}.skipped{color:#8a5a00}
            .status-completed{color:#2a7a2a}.status-diverged,.status-failed{color:#b22}
            .status-interrupted,.status-unknown{color:#8a5a00}
            """;

    private ReportPage() {
    }

    static String render(LadderReport.Fitting fitting, List<Figure> figures) {
        PlotInput input = fitting.input();
        List<FitResult> fits = input.fitted().stream().map(FitPipeline.Fitted::result).toList();
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n");
        page.append("<meta charset=\"utf-8\">\n");
        String title = "Scaling-law report: " + String.join(", ", ladders(input.runs()));
        page.append(Html.text("title", title)).append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        page.append(Html.text("h1", title));
        page.append("<p class=\"sub\">").append(Html.escape(input.runs().size() + " runs, "
                + input.data().finals().size() + " with a final loss; written by ladder report at "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS))).append("</p>\n");
        page.append("<nav><a href=\"#plan\">plan</a><a href=\"#laws\">laws</a><a href=\"#allocation\">allocation</a>"
                + "<a href=\"#holdout\">holdout</a><a href=\"#figures\">figures</a><a href=\"#excluded\">excluded "
                + "runs</a><a href=\"#conventions\">conventions</a><a href=\"#provenance\">provenance</a></nav>\n");
        page.append(LawSection.allocation(fits, input.data().finals()));
        page.append(PlanSection.html(input));
        page.append(LawSection.laws(fits, input.refused(), input.level(), input.runs()));
        page.append(LawSection.holdout(fits, fitting.holdoutSkipped()));
        page.append(figures(figures));
        page.append(excluded(input));
        page.append(conventions(fitting.conventions(), fitting.settings()));
        page.append(ProvenanceSection.html(input.runs()));
        return page.append("</body>\n</html>\n").toString();
    }

    private static String figures(List<Figure> figures) {
        StringBuilder out = new StringBuilder("<h2 id=\"figures\">Figures</h2>\n");
        for (Figure figure : figures) {
            out.append("<figure id=\"fig-").append(Html.escape(figure.name())).append("\">\n");
            out.append(Html.text("h3", figure.title()));
            if (figure instanceof Figure.Drawn drawn) {
                out.append("<img src=\"").append(Html.pngDataUri(drawn.png())).append("\" alt=\"")
                        .append(Html.escape(drawn.title())).append("\">\n");
                out.append("<figcaption>").append(Html.escape(drawn.caption())).append(" Data: <a href=\"")
                        .append(Html.escape(drawn.csv().getFileName().toString())).append("\">")
                        .append(Html.escape(drawn.csv().getFileName().toString())).append("</a>.</figcaption>\n");
            } else if (figure instanceof Figure.Skipped skipped) {
                out.append("<p class=\"skipped\">Not drawn: ").append(Html.escape(skipped.reason())).append("</p>\n");
            }
            out.append("</figure>\n");
        }
        return out.toString();
    }

    private static String excluded(PlotInput input) {
        StringBuilder out = new StringBuilder("<h2 id=\"excluded\">Excluded runs</h2>\n");
        List<Exclusion> excluded = input.data().excluded();
        if (excluded.isEmpty()) {
            out.append(Html.text("p", "None: every run has a final loss and enters the fits."));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (Exclusion e : excluded) rows.add(List.of(Html.escape(e.runId()), Html.escape(e.reason())));
            out.append(Html.table(List.of("runId", "why it was left out of the final-loss fits"), rows));
        }
        List<String> warnings = new ArrayList<>();
        for (RunData run : input.runs()) {
            for (String w : run.metrics().warnings()) warnings.add(run.runId() + ": " + w);
        }
        if (!warnings.isEmpty()) {
            out.append("<p>Reader warnings:</p>\n<ul>\n");
            for (String w : warnings) out.append(Html.text("li", w));
            out.append("</ul>\n");
        }
        return out.toString();
    }

    private static String conventions(Conventions c, ReportSettings settings) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("parameters N", c.params().equals("total") ? "total (Chinchilla's count, embeddings included)"
                : "nonEmbedding (Kaplan's count)"));
        rows.add(row("FLOPs C", c.flops().equals("kaplan")
                ? "kaplan: 6\u00b7N_nonEmbedding + 6\u00b7nLayer\u00b7seqLen\u00b7dModel "
                + "per token (Kaplan et al. 2020)" : "exact: per-op count of Hoffmann et al. 2022 appendix F"));
        rows.add(row("k in C = k\u00b7N\u00b7D", String.format(Locale.ROOT, "%.4g (median over runs)",
                c.flopsPerParamToken())));
        rows.add(row("final loss", "last valLoss eval of each completed run"));
        rows.add(row("warmup", c.warmupExcluded() ? "eval points with tokens < warmupTokens excluded"
                : "eval points inside warmup kept (--include-warmup)"));
        rows.add(row("Huber \u03b4", String.valueOf(c.huberDelta())));
        rows.add(row("bootstrap", settings.bootstrap() + " resamples (" + settings.bootstrapMethod().phrase()
                + (settings.bootstrapMethod() != Bootstrap.Method.runs ? "; runs for laws whose fit does not "
                + "allow residuals" : "")
                + (settings.bootstrapMethod() == Bootstrap.Method.seeds ? ", residuals where no size has two seeds"
                : "") + "), seed " + settings.seed()
                + String.format(Locale.ROOT, ", %.0f %% percentile intervals", 100 * settings.level())));
        rows.add(row("holdout", settings.holdout() + " largest-compute runs"));
        return "<h2 id=\"conventions\">Conventions</h2>\n" + Html.table(List.of("choice", "used here"), rows);
    }

    private static List<String> row(String name, String value) {
        return List.of(Html.escape(name), Html.escape(value));
    }

    private static List<String> ladders(List<RunData> runs) {
        TreeSet<String> names = new TreeSet<>();
        for (RunData run : runs) names.add(run.info().ladder() == null ? run.runId() : run.info().ladder());
        return List.copyOf(names);
    }
}
