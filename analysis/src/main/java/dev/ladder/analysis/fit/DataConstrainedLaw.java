package dev.ladder.analysis.fit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Muennighoff et al. 2023's data-constrained law for ladders that repeat their data for several epochs:
 * L = E + A/N'^α + B/D'^β with effective data D' and effective parameters N' ({@link EffectiveData}). D' follows
 * from the unique tokens U_D; N' needs U_N = min(N, N_opt for U_D), taken from a first approach-3 fit on (N, D');
 * the fit is then repeated on (N', D'), warm-started, until U_N settles (at most {@link #MAX_PASSES} passes).
 */
public final class DataConstrainedLaw implements ScalingLaw {

    /** Passes of (U_N from the last fit, refit on (N', D')) before giving up on U_N settling. */
    static final int MAX_PASSES = 20;

    private final double uniqueTokens;
    private final ChinchillaLaw chinchilla;

    /** @param uniqueTokens U_D, the number of distinct training tokens the runs cycle through */
    public DataConstrainedLaw(double uniqueTokens, Budgets budgets) {
        if (!(uniqueTokens > 0)) throw new IllegalArgumentException("uniqueTokens must be > 0, got " + uniqueTokens);
        this.uniqueTokens = uniqueTokens;
        this.chinchilla = new ChinchillaLaw(name(), budgets, ChinchillaLaw.epochGrid(),
                MultiStartFit.Screen.standard());
    }

    @Override
    public String name() {
        return "data-constrained";
    }

    @Override
    public String formula() {
        return "L(N', D') = E + A/N'^alpha + B/D'^beta, D' = U_D + U_D R*_D (1 - exp(-R_D/R*_D)), N' alike";
    }


    @Override
    public Estimate fit(FitData data) {
        Estimate current = chinchilla.fit(transform(data, Double.POSITIVE_INFINITY));
        double uniqueParams = Double.POSITIVE_INFINITY;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            double next = uniqueParams(current, data.flopsPerParamToken());
            current = chinchilla.refit(transform(data, next), current);
            boolean settled = Math.abs(next - uniqueParams) <= 1e-4 * next;
            uniqueParams = next;
            if (settled) break;
        }
        return finish(current, uniqueParams);
    }

    @Override
    public Estimate refit(FitData data, Estimate full) {
        double uniqueParams = full.derived().get("uniqueParams");
        return finish(chinchilla.refit(transform(data, uniqueParams), full), uniqueParams);
    }

    /** N_opt at the budget whose compute-optimal D equals U_D, under the first fit. */
    private double uniqueParams(Estimate first, double k) {
        ComputeOptimal optimal = new ComputeOptimal(first.value("A"), first.value("B"), first.value("alpha"),
                first.value("beta"), k);
        double scaledFlops = Math.pow(uniqueTokens * optimal.g(), 1.0 / optimal.tokensExponent());
        return optimal.params(scaledFlops * k);
    }

    private Estimate finish(Estimate fit, double uniqueParams) {
        Map<String, Double> derived = new LinkedHashMap<>(fit.derived());
        derived.put("uniqueParams", uniqueParams);
        LossPredictor plain = fit.predictor().orElseThrow();
        LossPredictor predictor = (n, d, c) -> plain.loss(
                EffectiveData.effective(n, Math.min(n, uniqueParams), EffectiveData.PARAMS_DECAY),
                EffectiveData.effective(d, uniqueTokens, EffectiveData.TOKENS_DECAY), c);
        return new Estimate(fit.parameters(), derived, fit.objective(), Optional.of(predictor), fit.state());
    }

    /** Final losses at (N', D'); U_N = min(N, uniqueParams). */
    private FitData transform(FitData data, double uniqueParams) {
        List<Observation> finals = data.finals().stream().map(o -> new Observation(o.runId(),
                EffectiveData.effective(o.params(), Math.min(o.params(), uniqueParams), EffectiveData.PARAMS_DECAY),
                EffectiveData.effective(o.tokens(), uniqueTokens, EffectiveData.TOKENS_DECAY),
                o.flops(), o.loss(), Double.NaN, Double.NaN, o.seed())).toList();
        return data.with(finals, data.curves());
    }
}
