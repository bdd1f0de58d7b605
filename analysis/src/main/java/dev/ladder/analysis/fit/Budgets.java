package dev.ladder.analysis.fit;

import java.util.List;
import java.util.Locale;

/**
 * The FLOP budgets C at which derived quantities (N_opt, D_opt, predicted loss) are reported. Fixed before fitting so
 * every bootstrap resample reports the same names.
 *
 * @param flops the budgets, FLOPs
 */
public record Budgets(List<Double> flops) {

    public Budgets {
        flops = List.copyOf(flops);
    }

    /** The largest compute in the data, and 10× and 100× beyond it: where a ladder is meant to extrapolate. */
    public static Budgets beyond(FitData data) {
        double max = data.finals().stream().mapToDouble(Observation::flops).max().orElse(1e18);
        return new Budgets(List.of(max, 10 * max, 100 * max));
    }

    /** The name of a derived quantity at budget C, e.g. {@code nOpt@1.00e+21}. */
    public static String key(String quantity, double flops) {
        return quantity + "@" + String.format(Locale.ROOT, "%.2e", flops);
    }
}
