package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.Estimate;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * A fitted curve y(x) with its bootstrap band, sampled log-evenly over the data's x range (drawn solid) and a decade
 * beyond it (drawn dashed: an extrapolation).
 */
record FitLine(List<Point> points) {

    /** Points over the data range; as many again over the decade beyond. */
    static final int POINTS = 40;

    /**
     * One point of the curve.
     *
     * @param lo           lower edge of the band (equal to y without bootstrap)
     * @param hi           upper edge of the band
     * @param extrapolated true beyond the data's largest x
     */
    record Point(double x, double y, double lo, double hi, boolean extrapolated) {
    }

    FitLine {
        points = List.copyOf(points);
    }

    /** The curve of {@code full} from {@code lo} to 10 × {@code hi}, with the band of {@code samples}. */
    static FitLine of(Estimate full, List<Estimate> samples, Band.Curve curve, double lo, double hi,
                      double level) {
        List<Point> points = new ArrayList<>();
        addRange(points, full, samples, curve, Band.logSpace(lo, hi, POINTS), level, false);
        addRange(points, full, samples, curve, Band.logSpace(hi, 10 * hi, POINTS / 2), level, true);
        return new FitLine(points);
    }

    /**
     * Adds the curve as two series, {@code label} (solid, in the legend) and its extrapolation (dashed), coloured
     * {@code color} with a translucent band.
     */
    void addTo(YIntervalSeriesCollection data, DeviationRenderer renderer, String label, Color color) {
        YIntervalSeries fitted = new YIntervalSeries(label, false, true);
        YIntervalSeries beyond = new YIntervalSeries(label + " (extrapolated)", false, true);
        for (Point p : points) {
            (p.extrapolated() ? beyond : fitted).add(p.x(), p.y(), p.lo(), p.hi());
        }
        int solid = data.getSeriesCount();
        data.addSeries(fitted);
        data.addSeries(beyond);
        for (int i = solid; i <= solid + 1; i++) {
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesFillPaint(i, color);
            renderer.setSeriesStroke(i, i == solid ? ChartStyle.line(2.2f) : ChartStyle.dashed(2.2f));
        }
        renderer.setSeriesVisibleInLegend(solid + 1, false);
    }

    /** A renderer for {@link #addTo}: lines with translucent bands, no shapes. */
    static DeviationRenderer renderer() {
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.18f);
        return renderer;
    }

    private static void addRange(List<Point> points, Estimate full, List<Estimate> samples, Band.Curve curve,
                                 double[] xs, double level, boolean extrapolated) {
        Band band = Band.of(samples, curve, xs, level);
        for (int i = 0; i < xs.length; i++) {
            double y = curve.at(full, xs[i]);
            if (!(Double.isFinite(y) && y > 0)) continue;
            boolean banded = Double.isFinite(band.lo()[i]) && Double.isFinite(band.hi()[i]);
            points.add(new Point(xs[i], y, banded ? band.lo()[i] : y, banded ? band.hi()[i] : y, extrapolated));
        }
    }
}
