package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.Lbfgs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs L-BFGS from every start and keeps the lowest objective, as Hoffmann et al. 2022 did with their grid of
 * initialisations. Starts run in parallel when asked (the full Chinchilla grid has 4500 of them).
 */
public final class MultiStartFit {

    /**
     * How a large grid is searched: every start gets {@code iterations} L-BFGS iterations, then the {@code keep}
     * best end points are run to the tight tolerance. On Epoch AI's Chinchilla data this finds the same optimum as
     * running every start to convergence (ChinchillaEpochTest checks both) in about a quarter of the time.
     */
    public record Screen(int iterations, int keep) {

        /** 20 iterations per start, the best 20 polished. */
        public static Screen standard() {
            return new Screen(20, 20);
        }

        /** Bootstrap refits' small grids: 10 iterations per start, the best 2 polished beside the warm starts. */
        public static Screen refit() {
            return new Screen(10, 2);
        }

        /** No screening: every start runs to the tight tolerance. */
        public static Screen exhaustive() {
            return new Screen(Integer.MAX_VALUE, Integer.MAX_VALUE);
        }
    }

    private MultiStartFit() {
    }

    /** The best L-BFGS result over {@code starts}; ties keep the earlier start so results do not depend on threads. */
    public static Lbfgs.Result minimize(HuberObjective objective, List<double[]> starts, Lbfgs.Settings settings,
                                        boolean parallel) {
        if (starts.isEmpty()) throw new IllegalArgumentException("no starting points");
        Lbfgs.Result best = null;
        for (Lbfgs.Result r : run(objective, starts, settings, parallel)) {
            if (Double.isFinite(r.value()) && (best == null || r.value() < best.value())) best = r;
        }
        if (best == null) throw new IllegalStateException("every start ended at a non-finite objective");
        return best;
    }

    /** Screens every start with a few iterations, then runs the best end points to the tight tolerance. */
    public static Lbfgs.Result minimize(HuberObjective objective, List<double[]> starts, Screen screen,
                                        boolean parallel) {
        Lbfgs.Settings tight = Lbfgs.Settings.tight();
        if (screen.iterations() >= tight.maxIterations()) return minimize(objective, starts, tight, parallel);
        Lbfgs.Settings brief = new Lbfgs.Settings(tight.memory(), tight.gradientTolerance(),
                tight.relativeTolerance(), screen.iterations());
        Lbfgs.Result[] screened = run(objective, starts, brief, parallel);
        List<double[]> best = Arrays.stream(screened).filter(r -> Double.isFinite(r.value()))
                .sorted(Comparator.comparingDouble(Lbfgs.Result::value))
                .limit(screen.keep()).map(Lbfgs.Result::point).toList();
        if (best.isEmpty()) throw new IllegalStateException("every start ended at a non-finite objective");
        return minimize(objective, best, tight, parallel);
    }

    /**
     * A bootstrap refit: the {@code warm} starts (the full-data optimum and nudges of it) run to the tight tolerance
     * beside the best end points of a screened small {@code grid}, so that a resample whose best basin is not the
     * full fit's still finds it. The lowest objective wins; ties keep the earlier start (the warm ones first).
     */
    public static Lbfgs.Result refit(HuberObjective objective, List<double[]> warm, List<double[]> grid) {
        List<double[]> starts = new ArrayList<>(warm);
        if (!grid.isEmpty()) {
            Screen screen = Screen.refit();
            Lbfgs.Settings tight = Lbfgs.Settings.tight();
            Lbfgs.Settings brief = new Lbfgs.Settings(tight.memory(), tight.gradientTolerance(),
                    tight.relativeTolerance(), screen.iterations());
            Arrays.stream(run(objective, grid, brief, false)).filter(r -> Double.isFinite(r.value()))
                    .sorted(Comparator.comparingDouble(Lbfgs.Result::value))
                    .limit(screen.keep()).map(Lbfgs.Result::point).forEach(starts::add);
        }
        return minimize(objective, starts, Lbfgs.Settings.tight(), false);
    }

    private static Lbfgs.Result[] run(HuberObjective objective, List<double[]> starts, Lbfgs.Settings settings,
                                      boolean parallel) {
        Lbfgs lbfgs = new Lbfgs(settings);
        IntStream indices = IntStream.range(0, starts.size());
        if (parallel) indices = indices.parallel();
        Lbfgs.Result[] results = new Lbfgs.Result[starts.size()];
        indices.forEach(i -> results[i] = lbfgs.minimize(objective, starts.get(i)));
        return results;
    }

    /** Every combination of the axis values: the Cartesian product, first axis varying slowest. */
    public static List<double[]> grid(double[]... axes) {
        List<double[]> points = new ArrayList<>();
        points.add(new double[0]);
        for (double[] axis : axes) {
            List<double[]> next = new ArrayList<>(points.size() * axis.length);
            for (double[] prefix : points) {
                for (double value : axis) {
                    double[] p = Arrays.copyOf(prefix, prefix.length + 1);
                    p[prefix.length] = value;
                    next.add(p);
                }
            }
            points = next;
        }
        return points;
    }
}
