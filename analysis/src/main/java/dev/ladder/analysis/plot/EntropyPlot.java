package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.FitResult;
import dev.ladder.data.runlog.RunInfo;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.Range;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * For synthetic corpora, the irreducible loss E fitted by each law that has one, with its bootstrap interval, beside
 * the corpus's known entropy rate (red line, with ±1.96 standard errors when the rate is estimated) and, when run.json
 * records it, the context-T floor (dashed, with its band): E is a context-T model's limit, so a good ladder's E lands
 * on the floor, above the entropy rate.
 */
public final class EntropyPlot implements Plot {

    public static final String NAME = "entropy";
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;
    private static final double Z95 = 1.96;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Figure draw(PlotInput input, Path dir) {
        String title = "Fitted E and the known entropy rate";
        if (input.entropyRate().isEmpty()) {
            return new Figure.Skipped(NAME, title, "the corpus has no known entropy rate (run.json corpus.entropyRate "
                    + "is absent; only synthetic corpora record one)");
        }
        RunInfo.CorpusInfo corpus = input.entropyRate().orElseThrow();
        List<FitResult> laws = input.fitted().stream().map(FitPipeline.Fitted::result)
                .filter(r -> r.parameters().containsKey("E")).toList();
        if (laws.isEmpty()) return new Figure.Skipped(NAME, title, "no fitted law has an irreducible loss E ("
                + input.absence("chinchilla") + ")");
        PlotTable table = new PlotTable("series", "law", "value", "lo", "hi");
        YIntervalSeries fitted = new YIntervalSeries("fitted E (" + Math.round(100 * input.level())
                + " % bootstrap interval)");
        String[] names = new String[laws.size()];
        for (int i = 0; i < laws.size(); i++) {
            FitResult law = laws.get(i);
            double e = law.parameters().get("E");
            double[] interval = law.intervals().getOrDefault("E", new double[] {e, e});
            fitted.add(i, e, interval[0], interval[1]);
            names[i] = law.law();
            table.add("fit", law.law(), e, interval[0], interval[1]);
        }
        double rate = corpus.entropyRate();
        double spread = corpus.entropyRateError() == null ? 0 : Z95 * corpus.entropyRateError();
        table.add("entropyRate", corpus.spec(), rate, rate - spread, rate + spread);
        XYPlot plot = plot(fitted, names);
        band(plot, rate, spread);
        plot.addRangeMarker(LossCurvePlot.entropyMarker(corpus));
        double lo = rate - spread;
        double hi = rate + spread;
        Optional<RunInfo.CorpusInfo> floor = PositionLossPlot.contextFloor(input);
        if (floor.isPresent()) {
            double f = floor.get().contextFloor();
            double fSpread = floor.get().contextFloorError() == null ? 0 : Z95 * floor.get().contextFloorError();
            table.add("contextFloor", floor.get().spec(), f, f - fSpread, f + fSpread);
            band(plot, f, fSpread);
            plot.addRangeMarker(PositionLossPlot.floorMarker(floor.get()));
            lo = Math.min(lo, f - fSpread);
            hi = Math.max(hi, f + fSpread);
        }
        plot.getRangeAxis().setRange(range(laws, lo, hi));
        JFreeChart chart = ChartStyle.chart(title + " (" + corpus.spec() + ")", plot, true);
        String caption = "The irreducible loss E fitted by " + String.join(", ", names) + " with "
                + Math.round(100 * input.level()) + " % bootstrap intervals; the red line is the known entropy rate "
                + "of " + corpus.spec() + ", " + ChartStyle.number(rate) + " nats/token."
                + floor.map(c -> " The dashed line is the floor of a predictor with context " + c.contextLength()
                + ", " + ChartStyle.number(c.contextFloor()) + " nats/token, the lowest loss the ladder's models can"
                + " reach, which E estimates.").orElse("");
        return ChartStyle.write(dir, NAME, title, caption, chart, table, WIDTH, HEIGHT);
    }

    /** A translucent red band of ±spread around a known value (none when the value is exact). */
    private static void band(XYPlot plot, double value, double spread) {
        if (spread > 0) {
            plot.addRangeMarker(new IntervalMarker(value - spread, value + spread,
                    ChartStyle.translucent(ChartStyle.TRUTH, 40)));
        }
    }

    /** The fitted E of each law as a point with an error bar, one law per x position. */
    private static XYPlot plot(YIntervalSeries fitted, String[] names) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setSeriesPaint(0, ChartStyle.QUALITATIVE[0]);
        renderer.setErrorPaint(ChartStyle.QUALITATIVE[0]);
        renderer.setErrorStroke(ChartStyle.line(2f));
        renderer.setCapLength(10);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
        SymbolAxis axis = new SymbolAxis("law", names);
        axis.setLabelFont(ChartStyle.LABEL);
        axis.setTickLabelFont(ChartStyle.TICK);
        axis.setGridBandsVisible(false);
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(fitted);
        return new XYPlot(data, axis, ChartStyle.linearAxis("irreducible loss E (nats/token)"), renderer);
    }

    /** A y range holding every interval and the truth, with a margin. */
    private static Range range(List<FitResult> laws, double truthLo, double truthHi) {
        double lo = truthLo;
        double hi = truthHi;
        for (FitResult law : laws) {
            double e = law.parameters().get("E");
            double[] interval = law.intervals().getOrDefault("E", new double[] {e, e});
            lo = Math.min(lo, Math.min(e, interval[0]));
            hi = Math.max(hi, Math.max(e, interval[1]));
        }
        double margin = Math.max(0.1 * (hi - lo), 0.02 * Math.abs(hi));
        return new Range(lo - margin, hi + margin);
    }
}
