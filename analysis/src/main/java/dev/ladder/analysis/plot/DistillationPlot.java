package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.Bootstrap;
import dev.ladder.analysis.fit.Estimate;
import dev.ladder.analysis.fit.FitData;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.Observation;
import dev.ladder.analysis.fit.PostTrainingRuns;
import dev.ladder.analysis.fit.SupervisedParams;
import dev.ladder.analysis.fit.TeacherChoice;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Distillation (Busbridge et al. 2025, Eq. 8): each student's final loss against its teacher's loss, one colour per
 * student (N_S, D_S), with the fitted curve L_S(L_T) and its bootstrap band, and the capacity-gap point: the teacher
 * loss that gives the lowest student loss, with its bootstrap interval drawn as a horizontal bar. Stronger teachers
 * than that make a worse student.
 */
public final class DistillationPlot implements Plot {

    public static final String NAME = "distillation";
    public static final int WIDTH = 900;
    public static final int HEIGHT = 620;
    private static final int POINTS = 60;
    private static final Comparator<List<Double>> BY_SIZE_THEN_TOKENS =
            Comparator.comparing((List<Double> k) -> k.get(0)).thenComparing(k -> k.get(1));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Figure draw(PlotInput input, Path dir) {
        String title = "Distillation: student loss against teacher loss";
        if (input.law("distillation").isEmpty()) return new Figure.Skipped(NAME, title, input.absence("distillation"));
        if (input.law("supervised").isEmpty()) return new Figure.Skipped(NAME, title, input.absence("supervised"));
        FitPipeline.Fitted fit = input.law("distillation").orElseThrow();
        SupervisedParams supervised = SupervisedParams.of(input.law("supervised").orElseThrow().result()
                .parameters());
        FitData students = PostTrainingRuns.students(input.runs());
        Map<List<Double>, List<Observation>> groups = students.finals().stream().collect(Collectors.groupingBy(
                o -> List.of(o.params(), o.tokens()), () -> new TreeMap<>(BY_SIZE_THEN_TOKENS), Collectors.toList()));
        double hi = students.finals().stream().mapToDouble(Observation::teacherLoss).max().orElseThrow() * 1.1;
        double searchLo = Math.max(supervised.e() * 1.001,
                0.5 * students.finals().stream().mapToDouble(Observation::teacherLoss).min().orElseThrow());
        double lo = students.finals().stream().mapToDouble(Observation::teacherLoss).min().orElseThrow() * 0.95;
        for (List<Double> key : groups.keySet()) {
            lo = Math.min(lo, 0.95 * bestTeacher(fit.estimate(), supervised, key.get(0), key.get(1), searchLo, hi));
        }
        PlotTable table = new PlotTable("series", "runId", "studentParams", "studentTokens", "teacherLoss",
                "studentLoss", "lo", "hi");
        XYSeriesCollection points = new XYSeriesCollection();
        YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
        XYSeriesCollection gaps = new XYSeriesCollection();
        DeviationRenderer curveRenderer = FitLine.renderer();
        XYLineAndShapeRenderer pointRenderer = new XYLineAndShapeRenderer(false, true);
        XYLineAndShapeRenderer gapRenderer = new XYLineAndShapeRenderer(true, true);
        int g = 0;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Map.Entry<List<Double>, List<Observation>> group : groups.entrySet()) {
            double n = group.getKey().get(0);
            double d = group.getKey().get(1);
            Color color = ChartStyle.QUALITATIVE[g % ChartStyle.QUALITATIVE.length];
            String label = "N_S " + ChartStyle.number(n) + ", D_S " + ChartStyle.number(d);
            XYSeries runs = new XYSeries(label, false, true);
            for (Observation o : group.getValue()) {
                runs.add(o.teacherLoss(), o.loss());
                yMin = Math.min(yMin, o.loss());
                yMax = Math.max(yMax, o.loss());
                table.add("run", o.runId(), n, d, o.teacherLoss(), o.loss(), null, null);
            }
            points.addSeries(runs);
            pointRenderer.setSeriesPaint(g, color);
            pointRenderer.setSeriesShape(g, new Ellipse2D.Double(-4, -4, 8, 8));
            YIntervalSeries curve = new YIntervalSeries(label + " (fit)", false, true);
            for (int i = 0; i < POINTS; i++) {
                double lt = lo + (hi - lo) * i / (POINTS - 1);
                double y = loss(fit.estimate(), supervised, n, d, lt);
                double[] band = band(fit.samples(), supervised, n, d, lt, input.level(), y);
                curve.add(lt, y, band[0], band[1]);
                if (Double.isFinite(y)) {
                    yMin = Math.min(yMin, y);
                    yMax = Math.max(yMax, y);
                }
                table.add("fit", null, n, d, lt, y, band[0], band[1]);
            }
            curves.addSeries(curve);
            curveRenderer.setSeriesPaint(g, color);
            curveRenderer.setSeriesFillPaint(g, color);
            curveRenderer.setSeriesStroke(g, ChartStyle.line(2f));
            curveRenderer.setSeriesVisibleInLegend(g, false);
            gaps.addSeries(gap(fit, supervised, n, d, searchLo, hi, input.level(), label, table));
            gapRenderer.setSeriesPaint(g, color);
            gapRenderer.setSeriesStroke(g, ChartStyle.line(3f));
            gapRenderer.setSeriesShape(g, new Ellipse2D.Double(-6, -6, 12, 12));
            gapRenderer.setSeriesVisibleInLegend(g, false);
            g++;
        }
        XYPlot plot = new XYPlot(curves, ChartStyle.linearAxis("teacher loss L_T (nats/token)"),
                ChartStyle.linearAxis("student loss L_S (nats/token)"), curveRenderer);
        plot.setDataset(1, gaps);
        plot.setRenderer(1, gapRenderer);
        plot.setDataset(2, points);
        plot.setRenderer(2, pointRenderer);
        // the axis follows the runs and the fitted curves; a wide bootstrap band runs off it instead of flattening them
        double margin = Math.max(0.05, 0.3 * (yMax - yMin));
        plot.getRangeAxis().setRange(yMin - margin, yMax + margin);
        JFreeChart chart = ChartStyle.chart(title + " (" + students.finals().size() + " students)", plot, true);
        String caption = "Dots: distillation students' final validation loss (cross-entropy against the data) "
                + "against their teacher's final loss, one colour per student size and token budget. Lines: "
                + "Busbridge et al. 2025's Eq. 8 as fitted, with " + Math.round(100 * input.level())
                + " % bootstrap bands (cut at the plot's edge where they are wider). Large circle with a bar: the capacity-gap point, the teacher loss that "
                + "gives the lowest student loss, with its bootstrap interval.";
        return ChartStyle.write(dir, NAME, title, caption, chart, table, WIDTH, HEIGHT);
    }

    private static double loss(Estimate e, SupervisedParams s, double n, double d, double lt) {
        return TeacherChoice.studentLoss(e.state(), s, n, d, lt);
    }

    private static double[] band(List<Estimate> samples, SupervisedParams s, double n, double d, double lt,
                                 double level, double y) {
        double[] values = samples.stream().mapToDouble(e -> loss(e, s, n, d, lt)).filter(Double::isFinite)
                .toArray();
        return values.length == 0 ? new double[] {y, y} : Bootstrap.interval(values, level);
    }

    /**
     * The best teacher loss for (N_S, D_S), searched from max(E, half the strongest teacher's loss) to
     * 1.1 × the weakest's, and its bootstrap interval, as a bar at the student loss it gives.
     */
    private static XYSeries gap(FitPipeline.Fitted fit, SupervisedParams s, double n, double d, double lo, double hi,
                                double level, String label, PlotTable table) {
        double best = bestTeacher(fit.estimate(), s, n, d, lo, hi);
        double y = loss(fit.estimate(), s, n, d, best);
        double[] values = fit.samples().stream().mapToDouble(e -> bestTeacher(e, s, n, d, lo, hi)).toArray();
        double[] iv = values.length == 0 ? new double[] {best, best} : Bootstrap.interval(values, level);
        XYSeries series = new XYSeries(label + " (capacity gap)", false, true);
        series.add(iv[0], y);
        series.add(best, y);
        series.add(iv[1], y);
        table.add("capacityGap", null, n, d, best, y, iv[0], iv[1]);
        return series;
    }

    private static double bestTeacher(Estimate e, SupervisedParams s, double n, double d, double lo, double hi) {
        double best = lo;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 400; i++) {
            double lt = lo + (hi - lo) * i / 400.0;
            double l = loss(e, s, n, d, lt);
            if (l < bestLoss) {
                bestLoss = l;
                best = lt;
            }
        }
        return best;
    }
}
