package dev.ladder.analysis.plot;

import dev.ladder.analysis.run.RunData;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.RunInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Loss by context position: for every run whose final whole-split evaluation logged {@code lossByPosition}, the mean
 * loss at positions 0..seqLen−1 (position t predicts from t + 1 tokens), one line per run coloured by N as in the
 * training curves. For synthetic corpora the known entropy rate (red) and, when run.json records it, the floor a
 * predictor with that context can reach (dashed) are drawn as horizontal lines.
 */
public final class PositionLossPlot implements Plot {

    public static final String NAME = "loss-by-position";
    public static final int WIDTH = 900;
    public static final int HEIGHT = 550;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Figure draw(PlotInput input, Path dir) {
        String title = "Loss by context position";
        List<RunData> runs = input.runs().stream().filter(r -> byPosition(r).isPresent()).toList();
        if (runs.isEmpty()) {
            return new Figure.Skipped(NAME, title, "no run logged a whole-split evaluation with lossByPosition"
                    + " (runs still training, or logged before it existed)");
        }
        double smallest = runs.stream().mapToDouble(input::params).min().orElseThrow();
        double largest = runs.stream().mapToDouble(input::params).max().orElseThrow();
        PlotTable table = new PlotTable("runId", "params", "position", "valLoss");
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < runs.size(); i++) {
            RunData run = runs.get(i);
            double params = input.params(run);
            XYSeries series = new XYSeries(run.runId() + " (N = " + ChartStyle.number(params) + ")", false, true);
            List<Double> losses = byPosition(run).orElseThrow();
            for (int t = 0; t < losses.size(); t++) {
                series.add(t, losses.get(t));
                table.add(run.runId(), params, (double) t, losses.get(t));
            }
            data.addSeries(series);
            renderer.setSeriesPaint(i, ColorMap.logScale(params, smallest, largest));
            renderer.setSeriesStroke(i, ChartStyle.line(1.6f));
        }
        XYPlot plot = new XYPlot(data, ChartStyle.linearAxis("context position t (predicts from t + 1 tokens)"),
                ChartStyle.linearAxis("validation loss (nats/token)"), renderer);
        ChartStyle.style(plot);
        Optional<RunInfo.CorpusInfo> corpus = input.entropyRate();
        corpus.ifPresent(c -> {
            plot.addRangeMarker(LossCurvePlot.entropyMarker(c));
            table.add("entropyRate", null, null, c.entropyRate());
        });
        Optional<RunInfo.CorpusInfo> floor = contextFloor(input);
        floor.ifPresent(c -> {
            plot.addRangeMarker(floorMarker(c));
            table.add("contextFloor", null, (double) c.contextLength(), c.contextFloor());
        });
        JFreeChart chart = ChartStyle.chart(title + " (final whole-split evaluation)", plot, runs.size() <= 20);
        String caption = "Mean validation loss at each position of the context window, from each run's final"
                + " evaluation over the whole validation split; early positions see few tokens and cannot reach the"
                + " entropy rate." + corpus.map(c -> " The red line is the corpus's known entropy rate, "
                + ChartStyle.number(c.entropyRate()) + " nats/token.").orElse("")
                + floor.map(c -> " The dashed line is the mean floor of a predictor with context "
                + c.contextLength() + ", " + ChartStyle.number(c.contextFloor()) + " nats/token.").orElse("");
        return ChartStyle.write(dir, NAME, title, caption, chart, table, WIDTH, HEIGHT);
    }

    /** The loss by position of a run's whole-split evaluation, if it logged one. */
    static Optional<List<Double>> byPosition(RunData run) {
        return run.metrics().wholeSplit().map(EvalRecord::lossByPosition).filter(l -> l != null && !l.isEmpty());
    }

    /** The corpus facts of the first run that records a context floor. */
    static Optional<RunInfo.CorpusInfo> contextFloor(PlotInput input) {
        return input.runs().stream().map(r -> r.info().corpus())
                .filter(c -> c != null && c.contextFloor() != null).findFirst();
    }

    /** A dashed red line at the context floor, labelled with its context length and value. */
    static ValueMarker floorMarker(RunInfo.CorpusInfo corpus) {
        ValueMarker marker = new ValueMarker(corpus.contextFloor(), ChartStyle.TRUTH, ChartStyle.dashed(1.5f));
        ChartStyle.label(marker, "context-" + corpus.contextLength() + " floor "
                + ChartStyle.number(corpus.contextFloor()), ChartStyle.TRUTH, RectangleAnchor.TOP_LEFT,
                TextAnchor.BOTTOM_LEFT);
        return marker;
    }
}
