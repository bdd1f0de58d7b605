package dev.ladder.analysis.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Small pieces of HTML built safely: every text goes through {@link #escape}; numbers are written for reading, large
 * and small ones as m×10<sup>k</sup>.
 */
final class Html {

    private Html() {
    }

    /** The text with &amp;, &lt;, &gt;, " and ' escaped, safe inside elements and quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An element around escaped text, e.g. {@code <p>a &lt; b</p>}. */
    static String text(String tag, String text) {
        return "<" + tag + ">" + escape(text) + "</" + tag + ">\n";
    }

    /** A table: escaped header texts, then rows of cells that are already HTML. */
    static String table(List<String> headers, List<List<String>> rows) {
        StringBuilder out = new StringBuilder("<table>\n<thead><tr>");
        for (String header : headers) out.append("<th>").append(escape(header)).append("</th>");
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (String cell : row) out.append("<td>").append(cell).append("</td>");
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    /** A number for reading: 2.345, 0.0312, 1.23×10<sup>15</sup>; "–" for NaN. */
    static String number(double value) {
        if (Double.isNaN(value)) return "&ndash;";
        if (Double.isInfinite(value)) return value > 0 ? "&infin;" : "&minus;&infin;";
        double magnitude = Math.abs(value);
        if (magnitude == 0 || (magnitude >= 1e-2 && magnitude < 1e4)) {
            return String.format(Locale.ROOT, magnitude >= 100 ? "%.0f" : "%.4g", value).replace("-", "&minus;");
        }
        int exponent = (int) Math.floor(Math.log10(magnitude));
        double mantissa = value / Math.pow(10, exponent);
        if (Math.abs(mantissa) >= 9.995) {
            mantissa /= 10;
            exponent++;
        }
        return String.format(Locale.ROOT, "%.2f&times;10<sup>%d</sup>", mantissa, exponent).replace("-", "&minus;");
    }

    /** An interval [lo, hi], or "–" when absent. */
    static String interval(double[] interval) {
        if (interval == null) return "&ndash;";
        return "[" + number(interval[0]) + ", " + number(interval[1]) + "]";
    }

    /** The file as a data: URI, so the page needs nothing beside it. */
    static String pngDataUri(Path png) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + png, e);
        }
    }
}
