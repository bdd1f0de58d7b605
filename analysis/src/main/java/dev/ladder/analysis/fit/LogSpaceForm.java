package dev.ladder.analysis.fit;

/**
 * A scaling law written as log L = f(θ; x1, x2), where x1 and x2 are logs of the law's inputs (e.g. log N and
 * log D) and θ its log-space parameters. Fitted by {@link HuberObjective} with L-BFGS, as Hoffmann et al. 2022 did.
 * Evaluated over all points at once, so the per-point loop is one tight loop per law.
 */
public interface LogSpaceForm {

    /**
     * The predicted log loss at every point, and its gradient.
     *
     * @param theta    log-space parameters, length k (each form documents its θ)
     * @param x1       log of the first input per point (log N, or log X for one-input laws)
     * @param x2       log of the second input per point (log D); ignored by one-input laws
     * @param logLoss  receives f(θ; x1_i, x2_i), length n
     * @param jacobian receives d f_i / d θ_j at [i·k + j], length n·k
     */
    void evaluate(double[] theta, double[] x1, double[] x2, double[] logLoss, double[] jacobian);
}
