package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.IsoFlopLaw;
import dev.ladder.analysis.fit.Observation;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * IsoFLOP profiles (approach 2): final loss against N for each FLOP budget, with the parabola in log N fitted to each
 * budget and its minimum N_opt(C) marked. Drawn only when approach 2 was fitted.
 */
public final class IsoFlopPlot implements Plot {

    public static final String NAME = "isoflop";
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 650;
    private static final int CURVE_POINTS = 50;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Figure draw(PlotInput input, Path dir) {
        String title = "IsoFLOP profiles";
        if (input.law("isoflop").isEmpty()) return new Figure.Skipped(NAME, title, input.absence("isoflop"));
        List<IsoFlopLaw.Profile> profiles = IsoFlopLaw.profiles(input.data().finals());
        double smallest = profiles.get(0).flops();
        double largest = profiles.get(profiles.size() - 1).flops();
        PlotTable table = new PlotTable("series", "budget", "runId", "params", "loss");
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        for (IsoFlopLaw.Profile profile : profiles) {
            add(profile, ColorMap.logScale(profile.flops(), smallest, largest), data, renderer, table);
        }
        XYPlot plot = new XYPlot(data, ChartStyle.logAxis("N, parameters (" + input.params() + ")"),
                ChartStyle.linearAxis("final validation loss (nats/token)"), renderer);
        JFreeChart chart = ChartStyle.chart(title + ": loss against model size at fixed compute", plot, true);
        String caption = "Final loss of each run against N, one colour per FLOP budget (" + profiles.size()
                + " budgets), with the parabola in log N fitted to each budget; the squares mark the minima, "
                + "N_opt(C).";
        return ChartStyle.write(dir, NAME, title, caption, chart, table, WIDTH, HEIGHT);
    }

    /** One budget: its runs, its parabola and its minimum, as three series in one colour. */
    private static void add(IsoFlopLaw.Profile profile, Color color, XYSeriesCollection data,
                            XYLineAndShapeRenderer renderer, PlotTable table) {
        String budget = "C = " + ChartStyle.number(profile.flops());
        XYSeries runs = new XYSeries(budget, false, true);
        for (Observation o : profile.runs()) {
            runs.add(o.params(), o.loss());
            table.add("run", profile.flops(), o.runId(), o.params(), o.loss());
        }
        XYSeries parabola = new XYSeries(budget + " parabola", false, true);
        for (double n : Band.logSpace(profile.smallestParams(), profile.largestParams(), CURVE_POINTS)) {
            parabola.add(n, profile.loss(n));
            table.add("parabola", profile.flops(), null, n, profile.loss(n));
        }
        XYSeries minimum = new XYSeries(budget + " minimum", false, true);
        double nOpt = profile.minimumParams();
        minimum.add(nOpt, profile.loss(nOpt));
        table.add("minimum", profile.flops(), null, nOpt, profile.loss(nOpt));
        int i = data.getSeriesCount();
        data.addSeries(runs);
        data.addSeries(parabola);
        data.addSeries(minimum);
        style(renderer, i, color);
    }

    /** Runs as dots, the parabola as a line, the minimum as a large square; only the runs in the legend. */
    private static void style(XYLineAndShapeRenderer renderer, int first, Color color) {
        for (int i = first; i < first + 3; i++) renderer.setSeriesPaint(i, color);
        renderer.setSeriesLinesVisible(first, false);
        renderer.setSeriesShape(first, new Ellipse2D.Double(-4, -4, 8, 8));
        renderer.setSeriesShapesVisible(first + 1, false);
        renderer.setSeriesStroke(first + 1, ChartStyle.line(2f));
        renderer.setSeriesVisibleInLegend(first + 1, false);
        renderer.setSeriesLinesVisible(first + 2, false);
        renderer.setSeriesShape(first + 2, new Rectangle2D.Double(-6, -6, 12, 12));
        renderer.setSeriesVisibleInLegend(first + 2, false);
    }
}
