package dev.ladder.analysis.plot;

import dev.ladder.analysis.run.RunData;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunInfo;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training curves: validation loss against tokens (left) and against FLOPs (right) for every run, log-log, one line
 * per run coloured by N on a sequential map from the smallest model (dark) to the largest (bright), one legend of
 * model sizes. For synthetic corpora the known entropy rate is drawn as a horizontal line.
 */
public final class LossCurvePlot implements Plot {

    public static final String NAME = "loss-curves";
    public static final int WIDTH = 1200;
    public static final int HEIGHT = 600;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Figure draw(PlotInput input, Path dir) {
        String title = "Training curves";
        List<RunData> runs = input.runs().stream().filter(r -> !points(r).isEmpty()).toList();
        if (runs.isEmpty()) return new Figure.Skipped(NAME, title, "no run logged a finite valLoss after token 0");
        double smallest = runs.stream().mapToDouble(input::params).min().orElseThrow();
        double largest = runs.stream().mapToDouble(input::params).max().orElseThrow();
        PlotTable table = new PlotTable("runId", "params", "status", "tokens", "flops", "valLoss");
        XYSeriesCollection byTokens = new XYSeriesCollection();
        XYSeriesCollection byFlops = new XYSeriesCollection();
        for (RunData run : runs) {
            XYSeries tokens = new XYSeries(run.runId(), false, true);
            XYSeries flops = new XYSeries(run.runId(), false, true);
            double params = input.params(run);
            for (EvalRecord e : points(run)) {
                double c = input.flopsPerToken(run) * e.tokens();
                tokens.add(e.tokens(), e.valLoss());
                flops.add(c, e.valLoss());
                table.add(run.runId(), params, run.status().json(), (double) e.tokens(), c, e.valLoss());
            }
            byTokens.addSeries(tokens);
            byFlops.addSeries(flops);
        }
        LogAxis loss = ChartStyle.logAxis("validation loss (nats/token)");
        ChartStyle.logRange(loss, lowest(runs, input), highest(runs));
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(loss);
        plot.setGap(16);
        plot.add(panel(byTokens, "tokens", runs, input, smallest, largest), 1);
        plot.add(panel(byFlops, "FLOPs (" + input.flops() + ")", runs, input, smallest, largest), 1);
        plot.setFixedLegendItems(legend(runs, input, smallest, largest));
        JFreeChart chart = ChartStyle.chart(title + ": validation loss, coloured by N (" + input.params() + ")",
                plot, true);
        String caption = "Validation loss of every run (" + runs.size() + ") against training tokens and FLOPs, "
                + "log-log; colour runs from the smallest model (dark) to the largest (bright)."
                + input.entropyRate().map(c -> " The red line is the corpus's known entropy rate, "
                        + ChartStyle.number(c.entropyRate()) + " nats/token.").orElse("");
        return ChartStyle.write(dir, NAME, title, caption, chart, table, WIDTH, HEIGHT);
    }

    /** The evals that can be drawn on log axes: tokens &gt; 0 and a finite, positive valLoss. */
    static List<EvalRecord> points(RunData run) {
        return run.metrics().evals().stream()
                .filter(e -> e.tokens() > 0 && e.valLoss() > 0 && Double.isFinite(e.valLoss())).toList();
    }

    private static XYPlot panel(XYSeriesCollection data, String xLabel, List<RunData> runs, PlotInput input,
                                double smallest, double largest) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < runs.size(); i++) {
            RunData run = runs.get(i);
            renderer.setSeriesPaint(i, ColorMap.logScale(input.params(run), smallest, largest));
            renderer.setSeriesStroke(i, run.status().broken() ? ChartStyle.dashed(1.6f) : ChartStyle.line(1.8f));
        }
        XYPlot panel = new XYPlot(data, ChartStyle.logAxis(xLabel), null, renderer);
        ChartStyle.style(panel);
        input.entropyRate().ifPresent(c -> panel.addRangeMarker(entropyMarker(c)));
        return panel;
    }

    /** The horizontal line at a synthetic corpus's known entropy rate. */
    static ValueMarker entropyMarker(RunInfo.CorpusInfo corpus) {
        ValueMarker marker = new ValueMarker(corpus.entropyRate(), ChartStyle.TRUTH, ChartStyle.line(1.5f));
        ChartStyle.label(marker, "known entropy rate " + ChartStyle.number(corpus.entropyRate()), ChartStyle.TRUTH,
                RectangleAnchor.TOP_RIGHT, TextAnchor.BOTTOM_RIGHT);
        return marker;
    }

    /** The lowest loss plotted, or the entropy rate when lower. */
    private static double lowest(List<RunData> runs, PlotInput input) {
        double lo = runs.stream().flatMap(r -> points(r).stream()).mapToDouble(EvalRecord::valLoss).min()
                .orElseThrow();
        return Math.min(lo, input.entropyRate().map(c -> c.entropyRate()).orElse(lo));
    }

    /** The highest loss of runs that did not diverge or fail (their blow-ups would flatten the others). */
    private static double highest(List<RunData> runs) {
        List<RunData> healthy = runs.stream().filter(r -> !r.status().broken()).toList();
        return (healthy.isEmpty() ? runs : healthy).stream().flatMap(r -> points(r).stream())
                .mapToDouble(EvalRecord::valLoss).max().orElseThrow();
    }

    /** One legend entry per distinct model size, in increasing N. */
    private static LegendItemCollection legend(List<RunData> runs, PlotInput input, double smallest,
                                               double largest) {
        TreeSet<Double> sizes = new TreeSet<>();
        for (RunData run : runs) sizes.add(input.params(run));
        LegendItemCollection items = new LegendItemCollection();
        Shape line = new Line2D.Double(-8, 0, 8, 0);
        for (double n : sizes) {
            Color color = ColorMap.logScale(n, smallest, largest);
            LegendItem item = new LegendItem("N = " + ChartStyle.number(n), null, null, null, line,
                    ChartStyle.line(3f), color);
            items.add(item);
        }
        if (runs.stream().anyMatch(r -> r.status().broken())) {
            items.add(new LegendItem("dashed: diverged or failed", null, null, null, line, ChartStyle.dashed(2f),
                    ChartStyle.MUTED));
        }
        return items;
    }
}
