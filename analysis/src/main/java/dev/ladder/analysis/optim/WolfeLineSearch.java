package dev.ladder.analysis.optim;

/**
 * A line search for the strong Wolfe conditions (Nocedal and Wright, algorithms 3.5 and 3.6): bracket a step with
 * enough decrease, then zoom into the bracket by safeguarded cubic interpolation. Keeps the accepted point, value
 * and gradient so the caller need not evaluate them again.
 */
final class WolfeLineSearch {

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_TRIALS = 40;

    private final DifferentiableFunction f;
    private final double[] trial;
    private final double[] trialGradient;
    private double trialValue;
    private int evaluations;

    private double[] x0;
    private double[] direction;

    WolfeLineSearch(DifferentiableFunction f, int n) {
        this.f = f;
        this.trial = new double[n];
        this.trialGradient = new double[n];
    }

    /**
     * Searches along {@code direction} from {@code x} (value {@code fx}, slope {@code slope}, negative).
     *
     * @return true when a step with sufficient decrease was found; point(), value() and gradient() then hold it
     */
    boolean search(double[] x, double fx, double[] g, double[] direction, double slope, double initialStep) {
        this.x0 = x;
        this.direction = direction;
        double previousStep = 0;
        double previousValue = fx;
        double previousSlope = slope;
        double step = initialStep;
        for (int i = 0; i < MAX_TRIALS; i++) {
            double value = evaluate(step);
            double stepSlope = Lbfgs.dot(trialGradient, direction);
            if (!Double.isFinite(value) || value > fx + C1 * step * slope || (i > 0 && value >= previousValue)) {
                return zoom(fx, slope, previousStep, previousValue, previousSlope, step, value, stepSlope);
            }
            if (Math.abs(stepSlope) <= -C2 * slope) return true;
            if (stepSlope >= 0) {
                return zoom(fx, slope, step, value, stepSlope, previousStep, previousValue, previousSlope);
            }
            previousStep = step;
            previousValue = value;
            previousSlope = stepSlope;
            step *= 4;
        }
        return trialValue < fx;
    }

    /** Zooms into the bracket [lo, hi]; lo has the lower value and satisfies sufficient decrease. */
    private boolean zoom(double fx, double slope, double lo, double fLo, double dLo, double hi, double fHi,
                         double dHi) {
        for (int i = 0; i < MAX_TRIALS; i++) {
            double step = interpolate(lo, fLo, dLo, hi, fHi, dHi);
            if (step == lo || step == hi) break;
            double value = evaluate(step);
            double stepSlope = Lbfgs.dot(trialGradient, direction);
            if (!Double.isFinite(value) || value > fx + C1 * step * slope || value >= fLo) {
                hi = step;
                fHi = value;
                dHi = stepSlope;
            } else {
                if (Math.abs(stepSlope) <= -C2 * slope) return true;
                if (stepSlope * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    dHi = dLo;
                }
                lo = step;
                fLo = value;
                dLo = stepSlope;
            }
        }
        if (lo == 0 || !(fLo < fx)) return false;
        evaluate(lo);
        return true;
    }

    /** The minimiser of the cubic through both ends, kept at least 10% of the bracket away from either end. */
    private static double interpolate(double lo, double fLo, double dLo, double hi, double fHi, double dHi) {
        double width = hi - lo;
        double low = Math.min(lo, hi) + 0.1 * Math.abs(width);
        double high = Math.max(lo, hi) - 0.1 * Math.abs(width);
        double candidate = Double.NaN;
        if (Double.isFinite(fHi) && Double.isFinite(dHi)) {
            double d1 = dLo + dHi - 3 * (fLo - fHi) / (lo - hi);
            double radicand = d1 * d1 - dLo * dHi;
            if (radicand >= 0) {
                double d2 = Math.signum(hi - lo) * Math.sqrt(radicand);
                candidate = hi - (hi - lo) * (dHi + d2 - d1) / (dHi - dLo + 2 * d2);
            }
        }
        if (!Double.isFinite(candidate)) candidate = lo + 0.5 * width;
        return Math.min(high, Math.max(low, candidate));
    }

    private double evaluate(double step) {
        for (int i = 0; i < trial.length; i++) trial[i] = x0[i] + step * direction[i];
        trialValue = f.evaluate(trial, trialGradient);
        evaluations++;
        return trialValue;
    }

    double[] point() {
        return trial;
    }

    double[] gradient() {
        return trialGradient;
    }

    double value() {
        return trialValue;
    }

    int evaluations() {
        return evaluations;
    }
}
