package dev.ladder.analysis.plot;

import java.awt.Color;

/**
 * Matplotlib's sequential "viridis" colour map (dark purple → green → yellow), sampled at nine points and
 * interpolated linearly; the brightest tenth is left out so every colour stays visible on white.
 */
final class ColorMap {

    private static final int[] VIRIDIS = {
        0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725,
    };
    private static final double TOP = 0.9;

    private ColorMap() {
    }

    /** The colour at t in [0, 1] (clamped). */
    static Color at(double t) {
        double x = Math.max(0, Math.min(1, t)) * TOP * (VIRIDIS.length - 1);
        int i = Math.min((int) Math.floor(x), VIRIDIS.length - 2);
        double f = x - i;
        Color a = new Color(VIRIDIS[i]);
        Color b = new Color(VIRIDIS[i + 1]);
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
                mix(a.getBlue(), b.getBlue(), f));
    }

    /** The colour of value v on a log scale from lo (darkest) to hi (brightest); the middle when lo = hi. */
    static Color logScale(double v, double lo, double hi) {
        double span = Math.log(hi) - Math.log(lo);
        return at(span > 0 ? (Math.log(v) - Math.log(lo)) / span : 0.5);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
