package dev.ladder.analysis.report;

import dev.ladder.analysis.plot.PlotInput;
import dev.ladder.analysis.run.RunData;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunSummary;
import java.util.ArrayList;
import java.util.List;

/** The ladder's plan as a table, one row per run: shape, N, tokens, tokens per parameter, FLOPs, status, loss. */
final class PlanSection {

    static final List<String> HEADERS = List.of("runId", "shape", "N total", "N nonEmbedding", "tokens",
            "tokens/param", "FLOPs", "status", "final valLoss");

    private PlanSection() {
    }

    static String html(PlotInput input) {
        List<List<String>> rows = new ArrayList<>();
        for (RunData run : input.runs()) {
            RunInfo info = run.info();
            double params = input.params(run);
            rows.add(List.of(Html.escape(run.runId()), Html.escape(shape(info.model())),
                    Html.number(info.params().total()), Html.number(info.params().nonEmbedding()),
                    Html.number(info.plannedTokens()), Html.number(info.plannedTokens() / params),
                    Html.number(input.flopsPerToken(run) * info.plannedTokens()),
                    "<span class=\"status-" + run.status().json() + "\">" + run.status().json() + "</span>",
                    Html.number(finalLoss(run))));
        }
        return "<h2 id=\"plan\">Ladder plan</h2>\n"
                + Html.text("p", input.runs().size() + " runs. tokens = the planned token budget, tokens/param = "
                        + "tokens / N (" + input.params() + "), FLOPs = tokens \u00d7 FLOPs per token ("
                        + input.flops() + ").")
                + Html.table(HEADERS, rows);
    }

    /** e.g. "L4 d128 h4 ctx256 V512". */
    static String shape(RunInfo.ModelShape model) {
        if (model == null) return "\u2013";
        return "L" + model.nLayer() + " d" + model.dModel() + " h" + model.nHead() + " ctx" + model.seqLen()
                + " V" + model.vocabSize();
    }

    /** summary.json's finalValLoss, else the last logged eval; NaN when neither. */
    private static double finalLoss(RunData run) {
        Double fromSummary = run.summary().map(RunSummary::finalValLoss).orElse(null);
        if (fromSummary != null) return fromSummary;
        return run.finalEval().map(EvalRecord::valLoss).orElse(Double.NaN);
    }
}
