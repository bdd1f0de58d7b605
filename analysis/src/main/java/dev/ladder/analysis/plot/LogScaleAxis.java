package dev.ladder.analysis.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A log axis labelled at round values, written as 2.5, 300 or 2×10⁵ ({@link ChartStyle#number}), whatever its
 * span: within a factor 10 (losses) ticks step evenly in value at 1, 2 or 5 times a power of ten, about six of
 * them; up to three decades at 1, 2 and 5 times each power of ten; beyond, at powers of ten.
 */
final class LogScaleAxis extends LogAxis {

    private static final long serialVersionUID = 1L;
    private static final int TARGET_TICKS = 6;
    private static final int MAX_DECADE_LABELS = 10;

    LogScaleAxis(String label) {
        super(label);
        setBase(10);
        setSmallestValue(1e-300);
    }

    @Override
    protected List<ValueTick> refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        return ticks(edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
    }

    @Override
    protected List<ValueTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        return ticks(edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT);
    }

    /** The tick values for the range [lo, hi]. */
    static List<Double> values(double lo, double hi) {
        List<Double> values = new ArrayList<>();
        if (!(lo > 0 && hi > lo)) return values;
        if (hi / lo <= 10) {
            double step = niceStep((hi - lo) / TARGET_TICKS);
            for (long i = (long) Math.ceil(lo / step); i * step <= hi; i++) values.add(round(i * step));
            return values;
        }
        int first = (int) Math.floor(Math.log10(lo));
        int last = (int) Math.ceil(Math.log10(hi));
        int[] mantissas = hi / lo <= 1000 ? new int[] {1, 2, 5} : new int[] {1};
        int every = Math.max(1, (int) Math.ceil((last - first) / (double) MAX_DECADE_LABELS));
        for (int k = first; k <= last; k++) {
            if (Math.floorMod(k, every) != 0) continue;
            for (int m : mantissas) {
                double v = m * Math.pow(10, k);
                if (v >= lo && v <= hi) values.add(v);
            }
        }
        return values;
    }

    private List<ValueTick> ticks(TextAnchor anchor) {
        List<ValueTick> ticks = new ArrayList<>();
        for (double v : values(getLowerBound(), getUpperBound())) {
            ticks.add(new NumberTick(TickType.MAJOR, v, ChartStyle.number(v), anchor, anchor, 0.0));
        }
        return ticks;
    }

    /** The value to 12 significant digits, so 12 × 0.2 is 2.4, not 2.4000000000000004. */
    private static double round(double value) {
        return new BigDecimal(value).round(new MathContext(12)).doubleValue();
    }

    /** 1, 2 or 5 times a power of ten, the smallest at least {@code raw}. */
    private static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (int m : new int[] {1, 2, 5}) {
            if (m * power >= raw) return m * power;
        }
        return 10 * power;
    }
}
