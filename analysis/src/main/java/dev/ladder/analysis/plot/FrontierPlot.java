package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.Envelope;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.Observation;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The compute frontier: the lower envelope of all training curves (loss against FLOPs, approach 1's input) over the
 * curves themselves in grey, with the fitted L(C) = E + A/C^α (law floor-C, else Kaplan's L(C) = (C_c/C)^α) and its
 * bootstrap band, extended dashed a decade beyond the data. The fitted E and its interval are drawn as a
 * horizontal band, beside the known entropy rate for synthetic corpora.
 */
public final class FrontierPlot implements Plot {

    public static final String NAME = "frontier";
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 650;
    /** The L(C) laws drawn, first fitted one wins. */
    static final List<String> LAWS = List.of("floor-C", "kaplan-C");
    private static final Color ENVELOPE = Color.BLACK;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Figure draw(PlotInput input, Path dir) {
        String title = "Compute frontier";
        Map<String, List<Observation>> curves = input.data().curvesByRun();
        List<Envelope.Point> envelope = Envelope.of(curves);
        if (envelope.isEmpty()) {
            return new Figure.Skipped(NAME, title, "fewer than two training curves overlap in FLOPs ("
                    + curves.size() + " runs with a curve after warmup); the envelope needs \u2265 2");
        }
        PlotTable table = new PlotTable("series", "runId", "flops", "loss", "lossLo", "lossHi");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        LogAxis loss = ChartStyle.logAxis("validation loss (nats/token)");
        XYPlot plot = new XYPlot(lines(curves, envelope, renderer, table),
                ChartStyle.logAxis("FLOPs (" + input.flops() + ")"), loss, renderer);
        Optional<FitPipeline.Fitted> law = LAWS.stream().map(input::law).flatMap(Optional::stream).findFirst();
        law.ifPresent(fit -> addLaw(plot, fit, envelope, input.level(), table));
        input.entropyRate().ifPresent(c -> {
            plot.addRangeMarker(LossCurvePlot.entropyMarker(c));
            table.add("entropyRate", null, null, c.entropyRate(), null, null);
        });
        ChartStyle.logRange(loss, lowest(envelope, law, input), highest(curves));
        JFreeChart chart = ChartStyle.chart(title + ": lowest loss reached at each compute", plot, true);
        return ChartStyle.write(dir, NAME, title, caption(law, input), chart, table, WIDTH, HEIGHT);
    }

    /** The training curves in grey (one legend entry) and the envelope in black. */
    private static XYSeriesCollection lines(Map<String, List<Observation>> curves, List<Envelope.Point> envelope,
                                            XYLineAndShapeRenderer renderer, PlotTable table) {
        XYSeriesCollection lines = new XYSeriesCollection();
        curves.forEach((runId, points) -> {
            XYSeries series = new XYSeries(lines.getSeriesCount() == 0 ? "training curves" : runId, false, true);
            for (Observation o : points) {
                series.add(o.flops(), o.loss());
                table.add("curve", runId, o.flops(), o.loss(), null, null);
            }
            int i = lines.getSeriesCount();
            lines.addSeries(series);
            renderer.setSeriesPaint(i, ChartStyle.MUTED);
            renderer.setSeriesStroke(i, ChartStyle.line(1f));
            renderer.setSeriesVisibleInLegend(i, i == 0);
        });
        XYSeries frontier = new XYSeries("lower envelope", false, true);
        for (Envelope.Point p : envelope) {
            frontier.add(p.flops(), p.loss());
            table.add("envelope", null, p.flops(), p.loss(), null, null);
        }
        int e = lines.getSeriesCount();
        lines.addSeries(frontier);
        renderer.setSeriesPaint(e, ENVELOPE);
        renderer.setSeriesStroke(e, ChartStyle.line(3f));
        return lines;
    }

    private static void addLaw(XYPlot plot, FitPipeline.Fitted fit, List<Envelope.Point> envelope, double level,
                               PlotTable table) {
        double lo = envelope.get(0).flops();
        double hi = envelope.get(envelope.size() - 1).flops();
        FitLine line = FitLine.of(fit.estimate(), fit.samples(),
                (estimate, c) -> estimate.predictor().orElseThrow().loss(Double.NaN, Double.NaN, c), lo, hi, level);
        for (FitLine.Point p : line.points()) {
            table.add(p.extrapolated() ? "fitExtrapolated" : "fit", null, p.x(), p.y(), p.lo(), p.hi());
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer renderer = FitLine.renderer();
        line.addTo(data, renderer, fit.result().law() + ": " + fit.result().formula(), ChartStyle.QUALITATIVE[0]);
        plot.setDataset(1, data);
        plot.setRenderer(1, renderer);
        Double floor = fit.result().parameters().get("E");
        if (floor == null) return;
        double[] interval = fit.result().intervals().get("E");
        if (interval != null) {
            IntervalMarker band = new IntervalMarker(interval[0], interval[1],
                    ChartStyle.translucent(ChartStyle.QUALITATIVE[0], 22));
            plot.addRangeMarker(band);
        }
        ValueMarker marker = new ValueMarker(floor, ChartStyle.QUALITATIVE[0], ChartStyle.dashed(1.5f));
        String shown = "fitted E " + ChartStyle.number(floor) + (interval == null ? ""
                : " [" + ChartStyle.number(interval[0]) + ", " + ChartStyle.number(interval[1]) + "]");
        ChartStyle.label(marker, shown, ChartStyle.QUALITATIVE[0], RectangleAnchor.TOP_LEFT,
                TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(marker);
        table.add("E", null, null, floor, interval == null ? null : interval[0], interval == null ? null : interval[1]);
    }

    /** The lowest of the envelope, the fitted curve's band, E's interval and the entropy rate. */
    private static double lowest(List<Envelope.Point> envelope, Optional<FitPipeline.Fitted> law,
                                 PlotInput input) {
        double lo = envelope.stream().mapToDouble(Envelope.Point::loss).min().orElseThrow();
        if (law.isPresent()) {
            double[] e = law.get().result().intervals().get("E");
            Double floor = law.get().result().parameters().get("E");
            if (floor != null) lo = Math.min(lo, e == null ? floor : e[0]);
        }
        return Math.min(lo, input.entropyRate().map(c -> c.entropyRate()).orElse(lo));
    }

    private static double highest(Map<String, List<Observation>> curves) {
        return curves.values().stream().flatMap(List::stream).mapToDouble(Observation::loss).max().orElseThrow();
    }

    private static String caption(Optional<FitPipeline.Fitted> law, PlotInput input) {
        String fit = law.map(f -> " The " + f.result().law() + " law " + f.result().formula()
                        + " is drawn with its " + Math.round(100 * input.level()) + " % bootstrap band, dashed beyond "
                        + "the data.")
                .orElse(" No L(C) law was fitted: " + input.absence(LAWS.get(0)) + ".");
        String truth = input.entropyRate().map(c -> " The red line is the corpus's known entropy rate.").orElse("");
        return "Lower envelope (black) of the training curves (grey) after warmup." + fit + truth;
    }
}
