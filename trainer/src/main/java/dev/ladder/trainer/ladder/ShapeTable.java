package dev.ladder.trainer.ladder;

import dev.ladder.data.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in table of tiny model shapes, named by their non-embedding parameter count N (which does not depend on
 * the vocabulary). A ladder names shapes from this table ({@code "100k"}) or spells one out ({@code "L2-d64-h4"}).
 * N = nLayer·(12·d² + 13·d) + 2·d, see {@code ParamCount}.
 */
public final class ShapeTable {

    /** A model shape without context length or vocabulary, which the ladder's run config supplies. */
    public record Shape(String name, int nLayer, int dModel, int nHead) { }

    private static final Map<String, Shape> SHAPES = new LinkedHashMap<>();

    static {
        add("0.9k", 1, 8, 2);       //  1 layer,  d 8,   2 heads: N =        888
        add("3.3k", 1, 16, 2);      //  1 layer,  d 16,  2 heads: N =      3,312
        add("6.6k", 2, 16, 2);      //  2 layers, d 16,  2 heads: N =      6,592
        add("13k", 1, 32, 2);       //  1 layer,  d 32,  2 heads: N =     12,768
        add("14.5k", 2, 24, 2);     //  2 layers, d 24,  2 heads: N =     14,496
        add("25k", 2, 32, 2);       //  2 layers, d 32,  2 heads: N =     25,472
        add("57k", 2, 48, 2);       //  2 layers, d 48,  2 heads: N =     56,640
        add("100k", 2, 64, 4);      //  2 layers, d 64,  4 heads: N =    100,096 (notes: config A)
        add("150k", 3, 64, 4);      //  3 layers, d 64,  4 heads: N =    150,080
        add("234k", 3, 80, 4);      //  3 layers, d 80,  4 heads: N =    233,680
        add("336k", 3, 96, 4);      //  3 layers, d 96,  4 heads: N =    335,712
        add("793k", 4, 128, 4);     //  4 layers, d 128, 4 heads: N =    793,344 (notes: config B)
        add("1.8m", 4, 192, 6);     //  4 layers, d 192, 6 heads: N =  1,779,840
        add("3.2m", 4, 256, 4);     //  4 layers, d 256, 4 heads: N =  3,159,552 (notes: config C)
        add("10.6m", 6, 384, 6);    //  6 layers, d 384, 6 heads: N = 10,647,552 (notes: config D)
        add("25m", 8, 512, 8);      //  8 layers, d 512, 8 heads: N = 25,220,096
        add("43m", 8, 672, 12);     //  8 layers, d 672, 12 heads: N = 43,423,296
    }

    private static final Pattern EXPLICIT = Pattern.compile("L(\\d+)-d(\\d+)-h(\\d+)");

    private ShapeTable() {
    }

    private static void add(String name, int nLayer, int dModel, int nHead) {
        SHAPES.put(name, new Shape(name, nLayer, dModel, nHead));
    }

    /** The named shapes, smallest first. */
    public static Map<String, Shape> all() {
        return Collections.unmodifiableMap(SHAPES);
    }

    /** A table name such as {@code "100k"} or an explicit {@code "L<layers>-d<dModel>-h<heads>"}. */
    public static Shape parse(String source, String field, String text) {
        Shape named = SHAPES.get(text);
        if (named != null) return named;
        Matcher m = EXPLICIT.matcher(text == null ? "" : text);
        if (m.matches()) {
            return new Shape(text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        }
        throw InvalidInputException.notAllowed(source, field, text,
                "a table name " + SHAPES.keySet() + " or L<layers>-d<dModel>-h<heads>, e.g. L2-d64-h4");
    }
}
