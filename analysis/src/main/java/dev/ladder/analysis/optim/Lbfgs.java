package dev.ladder.analysis.optim;

/**
 * Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, 2nd ed., algorithm 7.4) with a strong-Wolfe
 * line search. Stops when the largest gradient component is at most {@code gradientTolerance}, when an iteration
 * lowers the value by less than {@code relativeTolerance} of it, when no step lowers the value even along the
 * steepest-descent direction, or after {@code maxIterations}.
 */
public final class Lbfgs {

    /**
     * @param memory            number of (s, y) pairs kept
     * @param gradientTolerance stop when max |gradient component| is at most this
     * @param relativeTolerance stop when (f_old - f_new) is at most this times max(|f_new|, tiny)
     * @param maxIterations     stop after this many iterations
     */
    public record Settings(int memory, double gradientTolerance, double relativeTolerance, int maxIterations) {

        /** Tight defaults: the fitted optimum is what the tests check, so stopping early is the failure to avoid. */
        public static Settings tight() {
            return new Settings(10, 1e-12, 1e-15, 5000);
        }
    }

    /**
     * @param point       where the search stopped
     * @param value       the function value there
     * @param gradientMax max |gradient component| there
     * @param iterations  iterations taken
     * @param evaluations function evaluations made
     * @param stop        why the search stopped
     */
    public record Result(double[] point, double value, double gradientMax, int iterations, int evaluations,
                         Stop stop) {
    }

    /** Why a minimisation stopped. */
    public enum Stop { GRADIENT, RELATIVE_DECREASE, NO_DESCENT, MAX_ITERATIONS }

    private final Settings settings;

    public Lbfgs(Settings settings) {
        this.settings = settings;
    }

    /** Minimises {@code f} from {@code start}; {@code start} is not modified. */
    public Result minimize(DifferentiableFunction f, double[] start) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        WolfeLineSearch search = new WolfeLineSearch(f, n);
        CurvatureMemory memory = new CurvatureMemory(settings.memory(), n);
        double[] direction = new double[n];
        int iteration = 0;
        while (true) {
            double gmax = maxAbs(g);
            if (!Double.isFinite(fx)) return result(x, fx, gmax, iteration, search, Stop.NO_DESCENT);
            if (gmax <= settings.gradientTolerance()) return result(x, fx, gmax, iteration, search, Stop.GRADIENT);
            if (iteration >= settings.maxIterations()) {
                return result(x, fx, gmax, iteration, search, Stop.MAX_ITERATIONS);
            }
            memory.direction(g, direction);
            double slope = dot(g, direction);
            if (!(slope < 0)) {
                memory.clear();
                memory.direction(g, direction);
                slope = dot(g, direction);
            }
            boolean steepest = memory.isEmpty();
            double initial = steepest ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
            if (!search.search(x, fx, g, direction, slope, initial)) {
                if (steepest) return result(x, fx, gmax, iteration, search, Stop.NO_DESCENT);
                memory.clear();
                continue;
            }
            double fOld = fx;
            fx = search.value();
            memory.add(x, g, search.point(), search.gradient());
            System.arraycopy(search.point(), 0, x, 0, n);
            System.arraycopy(search.gradient(), 0, g, 0, n);
            iteration++;
            if (fOld - fx <= settings.relativeTolerance() * Math.max(Math.abs(fx), Double.MIN_NORMAL)) {
                return result(x, fx, maxAbs(g), iteration, search, Stop.RELATIVE_DECREASE);
            }
        }
    }

    private static Result result(double[] x, double fx, double gmax, int iteration, WolfeLineSearch search,
                                 Stop stop) {
        return new Result(x, fx, gmax, iteration, search.evaluations() + 1, stop);
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double value : v) max = Math.max(max, Math.abs(value));
        return max;
    }
}
