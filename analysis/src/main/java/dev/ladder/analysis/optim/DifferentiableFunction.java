package dev.ladder.analysis.optim;

/** A smooth function of a point in R^n that returns its value and writes its gradient. */
@FunctionalInterface
public interface DifferentiableFunction {

    /**
     * @param x        the point, length n (not modified)
     * @param gradient receives the gradient at {@code x}, length n
     * @return the value at {@code x}
     */
    double evaluate(double[] x, double[] gradient);
}
