package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.Holdout;
import dev.ladder.analysis.fit.LossPredictor;
import dev.ladder.analysis.fit.Observation;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Approach 3's fit quality: predicted against observed final loss (top, with the diagonal) and the relative
 * residual (predicted - observed)/observed (bottom). Runs held out for the extrapolation check are marked with their
 * prediction from the fit made without them.
 */
public final class ParityPlot implements Plot {

    public static final String NAME = "parity";
    public static final int WIDTH = 900;
    public static final int HEIGHT = 800;
    static final String LAW = "chinchilla";
    private static final Color FIT = ChartStyle.QUALITATIVE[0];
    private static final Color HELD_OUT = ChartStyle.TRUTH;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Figure draw(PlotInput input, Path dir) {
        String title = "Approach 3: observed and predicted loss";
        if (input.law(LAW).isEmpty()) return new Figure.Skipped(NAME, title, input.absence(LAW));
        FitPipeline.Fitted fit = input.law(LAW).orElseThrow();
        LossPredictor predictor = fit.estimate().predictor().orElseThrow();
        PlotTable table = new PlotTable("series", "runId", "params", "tokens", "flops", "observedLoss",
                "predictedLoss", "relativeError");
        List<Observation> finals = input.data().finals();
        Holdout holdout = fit.result().holdout();
        List<Holdout.HeldOutRun> held = holdout == null ? List.of() : holdout.heldOut();
        XYSeries[] fitted = fitted(finals, predictor, table);
        XYSeries[] heldOut = heldOut(held, table);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(ChartStyle.linearAxis("observed final loss (nats/token)"));
        plot.setGap(14);
        XYPlot top = panel(fitted[0], heldOut[0], "predicted loss (nats/token)", true);
        top.setDataset(1, diagonal(finals, held));
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, ChartStyle.MUTED);
        line.setSeriesStroke(0, ChartStyle.dashed(1.5f));
        top.setRenderer(1, line);
        plot.add(top, 2);
        XYPlot bottom = panel(fitted[1], heldOut[1], "relative residual (%)", false);
        bottom.addRangeMarker(new ValueMarker(0, ChartStyle.MUTED, ChartStyle.dashed(1.5f)));
        plot.add(bottom, 1);
        JFreeChart chart = ChartStyle.chart(title + " (" + finals.size() + " runs)", plot, true);
        String caption = "Final loss predicted by approach 3 (" + fit.result().formula() + ", fitted to all runs) "
                + "against the observed loss, and the relative residuals."
                + (held.isEmpty() ? " No runs were held out."
                : " Red diamonds: the " + held.size() + " largest-compute runs, predicted by a fit made without "
                        + "them (the extrapolation check).");
        return ChartStyle.write(dir, NAME, title, caption, chart, table, WIDTH, HEIGHT);
    }

    /** Each run's (observed, predicted) and (observed, relative residual %) under the full fit; rows in the table. */
    private static XYSeries[] fitted(List<Observation> finals, LossPredictor predictor, PlotTable table) {
        XYSeries parity = new XYSeries("runs (full fit)", false, true);
        XYSeries residual = new XYSeries("runs (full fit)", false, true);
        for (Observation o : finals) {
            double predicted = predictor.loss(o.params(), o.tokens(), o.flops());
            double error = (predicted - o.loss()) / o.loss();
            parity.add(o.loss(), predicted);
            residual.add(o.loss(), 100 * error);
            table.add("fit", o.runId(), o.params(), o.tokens(), o.flops(), o.loss(), predicted, error);
        }
        return new XYSeries[] {parity, residual};
    }

    /** The same for the held-out runs, predicted by the fit made without them. */
    private static XYSeries[] heldOut(List<Holdout.HeldOutRun> held, PlotTable table) {
        XYSeries parity = new XYSeries("held out (fit without them)", false, true);
        XYSeries residual = new XYSeries("held out (fit without them)", false, true);
        for (Holdout.HeldOutRun run : held) {
            parity.add(run.actualLoss(), run.predictedLoss());
            residual.add(run.actualLoss(), 100 * run.relativeError());
            table.add("heldOut", run.runId(), run.params(), run.tokens(), run.flops(), run.actualLoss(),
                    run.predictedLoss(), run.relativeError());
        }
        return new XYSeries[] {parity, residual};
    }

    private static XYPlot panel(XYSeries runs, XYSeries held, String yLabel, boolean legend) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(runs);
        data.addSeries(held);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, FIT);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        renderer.setSeriesPaint(1, HELD_OUT);
        renderer.setSeriesShape(1, diamond(7));
        renderer.setDefaultSeriesVisibleInLegend(legend);
        XYPlot panel = new XYPlot(data, null, ChartStyle.linearAxis(yLabel), renderer);
        ChartStyle.style(panel);
        return panel;
    }

    /** The line predicted = observed across the plotted range. */
    private static XYSeriesCollection diagonal(List<Observation> finals, List<Holdout.HeldOutRun> held) {
        double lo = finals.stream().mapToDouble(Observation::loss).min().orElseThrow();
        double hi = finals.stream().mapToDouble(Observation::loss).max().orElseThrow();
        for (Holdout.HeldOutRun run : held) {
            lo = Math.min(lo, Math.min(run.actualLoss(), run.predictedLoss()));
            hi = Math.max(hi, Math.max(run.actualLoss(), run.predictedLoss()));
        }
        XYSeries line = new XYSeries("predicted = observed");
        line.add(lo, lo);
        line.add(hi, hi);
        return new XYSeriesCollection(line);
    }

    private static Path2D diamond(double r) {
        Path2D.Double shape = new Path2D.Double();
        shape.moveTo(0, -r);
        shape.lineTo(r, 0);
        shape.lineTo(0, r);
        shape.lineTo(-r, 0);
        shape.closePath();
        return shape;
    }
}
