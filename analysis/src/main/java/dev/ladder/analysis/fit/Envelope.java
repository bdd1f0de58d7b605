package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The lower envelope of training curves (Hoffmann et al. 2022 approach 1, Kaplan et al. 2020's L(C_min)): at
 * log-spaced FLOP values, each run's loss is interpolated (linearly in log C, log L) and the run with the lowest
 * loss is kept. Only FLOP values covered by at least two runs are used.
 */
public final class Envelope {

    /** Number of log-spaced FLOP values. */
    public static final int POINTS = 200;

    /**
     * One point of the envelope.
     *
     * @param flops  C
     * @param loss   the lowest loss of any run at C
     * @param params N of that run
     */
    public record Point(double flops, double loss, double params) {
    }

    private Envelope() {
    }

    /** The envelope of the curves (grouped by run); empty when fewer than two runs overlap. */
    public static List<Point> of(Map<String, List<Observation>> curves) {
        List<List<Observation>> runs = new ArrayList<>();
        for (List<Observation> curve : curves.values()) {
            List<Observation> sorted = new ArrayList<>(curve);
            sorted.sort(Comparator.comparingDouble(Observation::flops));
            if (!sorted.isEmpty()) runs.add(sorted);
        }
        if (runs.size() < 2) return List.of();
        double lo = runs.stream().mapToDouble(r -> r.get(0).flops()).min().orElseThrow();
        double hi = runs.stream().mapToDouble(r -> r.get(r.size() - 1).flops()).max().orElseThrow();
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            double c = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (POINTS - 1));
            Point best = null;
            int covering = 0;
            for (List<Observation> run : runs) {
                double loss = lossAt(run, c);
                if (Double.isNaN(loss)) continue;
                covering++;
                if (best == null || loss < best.loss()) best = new Point(c, loss, run.get(0).params());
            }
            if (covering >= 2) points.add(best);
        }
        return points;
    }

    /** The run's loss at C by log-log interpolation; NaN outside its first and last point. */
    private static double lossAt(List<Observation> run, double c) {
        Observation first = run.get(0);
        Observation last = run.get(run.size() - 1);
        if (c < first.flops() || c > last.flops()) return Double.NaN;
        for (int i = 1; i < run.size(); i++) {
            Observation a = run.get(i - 1);
            Observation b = run.get(i);
            if (c <= b.flops()) {
                double span = Math.log(b.flops()) - Math.log(a.flops());
                if (span <= 0) return Math.min(a.loss(), b.loss());
                double t = (Math.log(c) - Math.log(a.flops())) / span;
                return Math.exp((1 - t) * Math.log(a.loss()) + t * Math.log(b.loss()));
            }
        }
        return last.loss();
    }
}
