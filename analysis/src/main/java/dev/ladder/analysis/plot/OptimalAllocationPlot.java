package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.ComputeOptimal;
import dev.ladder.analysis.fit.Estimate;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.IsoFlopLaw;
import dev.ladder.analysis.fit.Observation;
import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The compute-optimal allocation: N_opt(C) (top) and D_opt(C) (bottom) from each fitted approach (2: IsoFLOP, 1:
 * envelope, 3: Chinchilla's closed form), each with its bootstrap band, drawn solid over the data's FLOP range and
 * dashed a decade beyond it; the IsoFLOP minima are the points.
 */
public final class OptimalAllocationPlot implements Plot {

    public static final String NAME = "optimal-allocation";
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 800;
    /** The laws that give N_opt(C), in legend order. */
    static final List<String> LAWS = List.of("isoflop", "envelope", "chinchilla");

    /** N_opt or D_opt. */
    private enum Quantity { nOpt, dOpt }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Figure draw(PlotInput input, Path dir) {
        String title = "Compute-optimal allocation";
        List<FitPipeline.Fitted> laws = LAWS.stream().map(input::law).flatMap(Optional::stream).toList();
        if (laws.isEmpty()) {
            List<String> why = LAWS.stream().map(input::absence).toList();
            return new Figure.Skipped(NAME, title, "no law gives N_opt(C): " + String.join("; ", why));
        }
        double lo = input.data().finals().stream().mapToDouble(Observation::flops).min().orElseThrow();
        double hi = input.data().finals().stream().mapToDouble(Observation::flops).max().orElseThrow();
        PlotTable table = new PlotTable("series", "quantity", "flops", "value", "lo", "hi", "extrapolated");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(ChartStyle.logAxis("C, FLOPs (" + input.flops() + ")"));
        plot.setGap(14);
        for (Quantity quantity : Quantity.values()) {
            plot.add(panel(quantity, laws, input, lo, hi, table), 1);
        }
        JFreeChart chart = ChartStyle.chart(title + ": N_opt(C) and D_opt(C)", plot, true);
        String caption = "Compute-optimal model size N_opt and training tokens D_opt against compute from "
                + String.join(", ", laws.stream().map(f -> f.result().law()).toList()) + ", with "
                + Math.round(100 * input.level()) + " % bootstrap bands; solid over the data's FLOP range, dashed "
                + "a decade beyond it." + (input.law("isoflop").isPresent() ? " Squares: IsoFLOP minima." : "");
        return ChartStyle.write(dir, NAME, title, caption, chart, table, WIDTH, HEIGHT);
    }

    private static XYPlot panel(Quantity quantity, List<FitPipeline.Fitted> laws, PlotInput input, double lo,
                                double hi, PlotTable table) {
        boolean params = quantity == Quantity.nOpt;
        YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
        DeviationRenderer renderer = FitLine.renderer();
        double k = input.data().flopsPerParamToken();
        for (FitPipeline.Fitted fit : laws) {
            String law = fit.result().law();
            Band.Curve curve = law.equals("chinchilla") ? closedForm(params, k) : powerLaw(params);
            FitLine line = FitLine.of(fit.estimate(), fit.samples(), curve, lo, hi, input.level());
            for (FitLine.Point p : line.points()) {
                table.add(law, quantity.name(), p.x(), p.y(), p.lo(), p.hi(), p.extrapolated());
            }
            line.addTo(curves, renderer, law, ChartStyle.QUALITATIVE[LAWS.indexOf(law)]);
            if (!params) renderer.setSeriesVisibleInLegend(curves.getSeriesCount() - 2, false);
        }
        String label = params ? "N_opt, parameters (" + input.params() + ")" : "D_opt, tokens";
        XYPlot panel = new XYPlot(curves, null, ChartStyle.logAxis(label), renderer);
        ChartStyle.style(panel);
        if (input.law("isoflop").isPresent()) panel.setDataset(1, minima(quantity, k, input, table, panel));
        return panel;
    }

    /** The IsoFLOP minima as points; sets their renderer on {@code panel}'s second dataset. */
    private static XYSeriesCollection minima(Quantity quantity, double k, PlotInput input, PlotTable table,
                                             XYPlot panel) {
        XYSeries points = new XYSeries("IsoFLOP minima", false, true);
        List<IsoFlopLaw.Profile> profiles = new ArrayList<>(IsoFlopLaw.profiles(input.data().finals()));
        for (IsoFlopLaw.Profile profile : profiles) {
            double n = profile.minimumParams();
            double value = quantity == Quantity.nOpt ? n : profile.flops() / (k * n);
            points.add(profile.flops(), value);
            table.add("isoflop minima", quantity.name(), profile.flops(), value, null, null, false);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, ChartStyle.QUALITATIVE[0].darker());
        renderer.setSeriesShape(0, new Rectangle2D.Double(-5, -5, 10, 10));
        renderer.setSeriesVisibleInLegend(0, quantity == Quantity.nOpt);
        panel.setRenderer(1, renderer);
        return new XYSeriesCollection(points);
    }

    /** N_opt = c_N·C^a or D_opt = c_D·C^b of approaches 1 and 2. */
    private static Band.Curve powerLaw(boolean params) {
        return params ? (e, c) -> e.value("c_N") * Math.pow(c, e.value("a"))
                : (e, c) -> e.value("c_D") * Math.pow(c, e.value("b"));
    }

    /** Approach 3's closed-form allocation under C = k·N·D. */
    private static Band.Curve closedForm(boolean params, double k) {
        return (e, c) -> {
            ComputeOptimal optimal = optimal(e, k);
            return params ? optimal.params(c) : optimal.tokens(c);
        };
    }

    private static ComputeOptimal optimal(Estimate e, double k) {
        return new ComputeOptimal(e.value("A"), e.value("B"), e.value("alpha"), e.value("beta"), k);
    }
}
