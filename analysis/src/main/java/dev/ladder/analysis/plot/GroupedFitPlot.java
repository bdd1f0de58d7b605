package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.FitData;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.Observation;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * A post-training figure: observations y against D (log axis) with one colour per value of the law's other input
 * (the pretrained size), each with the fitted curve y(X, D) and its bootstrap band ({@link FitLine}: solid over the
 * data, dashed a decade beyond). Shared by the fine-tuning and transfer figures.
 *
 * @param groupLabel label of the grouping input, e.g. "X" or "N"
 * @param xLabel     x axis label
 * @param yLabel     y axis label
 * @param logY       whether the y axis is logarithmic
 */
record GroupedFitPlot(String name, String title, String law, String groupLabel, String xLabel, String yLabel,
                      boolean logY) {

    Figure draw(PlotInput input, FitData data, Path dir, String caption) {
        if (input.law(law).isEmpty()) return new Figure.Skipped(name, title, input.absence(law));
        FitPipeline.Fitted fit = input.law(law).orElseThrow();
        Map<Double, List<Observation>> groups = data.finals().stream().collect(Collectors.groupingBy(
                Observation::params, TreeMap::new, Collectors.toList()));
        double lo = data.finals().stream().mapToDouble(Observation::tokens).min().orElseThrow();
        double hi = data.finals().stream().mapToDouble(Observation::tokens).max().orElseThrow();
        PlotTable table = new PlotTable("series", "runId", groupLabel, "x", "y", "lo", "hi");
        XYSeriesCollection points = new XYSeriesCollection();
        YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
        DeviationRenderer curveRenderer = FitLine.renderer();
        XYLineAndShapeRenderer pointRenderer = new XYLineAndShapeRenderer(false, true);
        int g = 0;
        for (Map.Entry<Double, List<Observation>> group : groups.entrySet()) {
            double key = group.getKey();
            Color color = ChartStyle.QUALITATIVE[g % ChartStyle.QUALITATIVE.length];
            String label = groupLabel + " = " + ChartStyle.number(key);
            XYSeries runs = new XYSeries(label, false, true);
            for (Observation o : group.getValue()) {
                runs.add(o.tokens(), o.loss());
                table.add("run", o.runId(), key, o.tokens(), o.loss(), null, null);
            }
            points.addSeries(runs);
            pointRenderer.setSeriesPaint(g, color);
            pointRenderer.setSeriesShape(g, new Ellipse2D.Double(-4, -4, 8, 8));
            FitLine line = FitLine.of(fit.estimate(), fit.samples(),
                    (e, x) -> e.predictor().orElseThrow().loss(key, x, 0), lo, hi, input.level());
            for (FitLine.Point p : line.points()) {
                table.add(p.extrapolated() ? "fitExtrapolated" : "fit", null, key, p.x(), p.y(), p.lo(), p.hi());
            }
            line.addTo(curves, curveRenderer, label + " (fit)", color);
            curveRenderer.setSeriesVisibleInLegend(curves.getSeriesCount() - 2, false);
            g++;
        }
        ValueAxis y = logY ? ChartStyle.logAxis(yLabel) : ChartStyle.linearAxis(yLabel);
        XYPlot plot = new XYPlot(curves, ChartStyle.logAxis(xLabel), y, curveRenderer);
        plot.setDataset(1, points);
        plot.setRenderer(1, pointRenderer);
        JFreeChart chart = ChartStyle.chart(title + " (" + data.finals().size() + " runs)", plot, true);
        return ChartStyle.write(dir, name, title, caption + " Formula: " + fit.result().formula() + "; "
                + Math.round(100 * input.level()) + " % bootstrap bands.", chart, table, 900, 620);
    }
}
