package dev.ladder.analysis.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;

/**
 * The look shared by every figure: fonts large enough to read in a report, white background with light grid lines,
 * log axes labelled at powers of ten, and PNG output without a display.
 */
final class ChartStyle {

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Color GRID = new Color(0xDDDDDD);
    static final Color MUTED = new Color(0xB0B0B0);
    static final Color TRUTH = new Color(0xD62728);
    /** Series colours: the Tableau 10 without the red of {@link #TRUTH}, so six students get six colours. */
    static final Color[] QUALITATIVE = {
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0x9467BD), new Color(0x8C564B),
        new Color(0xE377C2), new Color(0x17BECF), new Color(0xBCBD22), new Color(0x7F7F7F),
    };

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartStyle() {
    }

    /** A chart around a styled plot, legend at the bottom when asked for. */
    static JFreeChart chart(String title, XYPlot plot, boolean legend) {
        style(plot);
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 8, 6, 28));
        LegendTitle box = chart.getLegend();
        if (box != null) {
            box.setItemFont(SMALL);
            box.setPosition(RectangleEdge.BOTTOM);
        }
        return chart;
    }

    /** White background, light grid lines, datasets drawn in index order (bands under lines under points). */
    static void style(XYPlot plot) {
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlinePaint(MUTED);
    }

    /** A log axis labelled at round values ({@link LogScaleAxis}), for tokens, FLOPs, N, D and losses alike. */
    static LogAxis logAxis(String label) {
        LogAxis axis = new LogScaleAxis(label);
        fonts(axis);
        return axis;
    }

    /** Fixes the axis range to [lo, hi] widened by 4 % on a log scale, e.g. to show a marker outside the data. */
    static void logRange(ValueAxis axis, double lo, double hi) {
        axis.setRange(lo / 1.04, hi * 1.04);
    }

    /** A linear axis that does not force zero into its range. */
    static NumberAxis linearAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        fonts(axis);
        return axis;
    }

    /** Labels a marker in its colour on a translucent white background. */
    static void label(Marker marker, String text, Color color, RectangleAnchor anchor, TextAnchor textAnchor) {
        marker.setLabel(text);
        marker.setLabelFont(SMALL);
        marker.setLabelPaint(color);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 210));
        marker.setLabelAnchor(anchor);
        marker.setLabelTextAnchor(textAnchor);
    }

    static BasicStroke line(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f);
    }

    static Color translucent(Color color, int alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }

    /**
     * A number as short text: plain up to three decimals between 0.01 and 10⁴ (2.5, 1.1, 300), else with at most three
     * significant digits times a power of ten (3.92×10⁴, 2×10⁵, 10⁻³).
     */
    static String number(double value) {
        if (!Double.isFinite(value)) return String.valueOf(value);
        double magnitude = Math.abs(value);
        if (magnitude == 0 || (magnitude >= 1e-2 && magnitude < 1e4)) {
            return trim(String.format(Locale.ROOT, "%.3f", value));
        }
        int exponent = (int) Math.floor(Math.log10(magnitude));
        String mantissa = trim(String.format(Locale.ROOT, "%.2f", value / Math.pow(10, exponent)));
        if (mantissa.equals("10") || mantissa.equals("-10")) {
            exponent++;
            mantissa = mantissa.replace("10", "1");
        }
        String power = "10" + superscript(exponent);
        return mantissa.equals("1") ? power : mantissa.equals("-1") ? "-" + power : mantissa + "\u00d7" + power;
    }

    /** Writes the chart as {@code <name>.png} of the given size and its data as {@code <name>.csv}. */
    static Figure.Drawn write(Path dir, String name, String title, String caption, JFreeChart chart, PlotTable table,
                              int width, int height) {
        Path png = dir.resolve(name + ".png");
        Path csv = dir.resolve(name + ".csv");
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
        table.write(csv);
        return new Figure.Drawn(name, title, caption, png, csv);
    }

    private static String trim(String decimal) {
        String text = decimal.contains(".") ? decimal.replaceAll("0+$", "") : decimal;
        text = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        return "-0".equals(text) ? "0" : text;
    }

    private static String superscript(int exponent) {
        String digits = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
        StringBuilder out = new StringBuilder(exponent < 0 ? "\u207b" : "");
        for (char c : Integer.toString(Math.abs(exponent)).toCharArray()) out.append(digits.charAt(c - '0'));
        return out.toString();
    }

    private static void fonts(ValueAxis axis) {
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
    }
}
