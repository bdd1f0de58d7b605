package dev.ladder.analysis.fit;

import java.util.Optional;

/** A scaling law that can be fitted to {@link FitData}; the formula goes in each implementation's Javadoc. */
public interface ScalingLaw {

    /** Short name used in fit.json and on the command line, e.g. "chinchilla". */
    String name();

    /** The fitted formula in the papers' letters, e.g. "L(N, D) = E + A/N^alpha + B/D^beta". */
    String formula();

    /** Fits the law; refuses with {@link FitRefusedException} when the data cannot support it. */
    Estimate fit(FitData data);

    /**
     * Fits a resample of the data, starting from a fit of the full data where that helps (bootstrap refits).
     * The default fits from scratch.
     */
    default Estimate refit(FitData data, Estimate full) {
        return fit(data);
    }

    /**
     * Whether the law is fitted to one final loss per run at its (N, D): such a fit is refused when the runs hold
     * fewer distinct (N, D) points than the law has parameters, or their losses do not vary. Laws fitted to training
     * curves (the envelope, L(C)) answer false.
     */
    default boolean fitsFinalLosses() {
        return true;
    }

    /**
     * L̂_i, the loss {@code full} predicts at each of {@code data}'s final observations, for the bootstrap over
     * residuals; empty when the law does not predict losses. The default reads the estimate's predictor at N, D, C.
     */
    default Optional<double[]> fittedLosses(FitData data, Estimate full) {
        return full.predictor().map(p -> data.finals().stream()
                .mapToDouble(o -> p.loss(o.params(), o.tokens(), o.flops())).toArray());
    }

    /** Refuses a fit with fewer runs than parameters: "needs ≥ 5 runs for 5 parameters, got 3". */
    static void requireRuns(String law, int needed, int parameters, int got) {
        if (got < needed) {
            throw new FitRefusedException(law + ": needs \u2265 " + needed + " runs for " + parameters
                    + " parameters, got " + got);
        }
    }
}
