package dev.ladder.analysis.fit;

/**
 * Muennighoff et al. 2023 ("Scaling Data-Constrained Language Models", eq. 5 and 6): repeated tokens are worth less
 * than fresh ones. With U unique units and R = total/U - 1 repetitions beyond the first, the effective amount is
 * U + U·R*·(1 - exp(-R/R*)). Fitted decay constants from the paper: R*_D = 15.387756 (data), R*_N = 5.309743
 * (parameters beyond the compute-optimal size for the unique data).
 */
public final class EffectiveData {

    /** Muennighoff et al. 2023's fitted R*_D. */
    public static final double TOKENS_DECAY = 15.387756;
    /** Muennighoff et al. 2023's fitted R*_N. */
    public static final double PARAMS_DECAY = 5.309743;

    private EffectiveData() {
    }

    /** U + U·R*·(1 - exp(-R/R*)), R = total/unique - 1; the total itself when nothing repeats (total ≤ unique). */
    public static double effective(double total, double unique, double decay) {
        if (total <= unique) return total;
        double repeats = total / unique - 1;
        return unique + unique * decay * (1 - Math.exp(-repeats / decay));
    }
}
