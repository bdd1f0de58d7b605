package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fits each law to the data, then bootstraps it and runs the extrapolation check, collecting a {@link FitReport}. */
public final class FitPipeline {

    /**
     * @param bootstrap resamples (0: no intervals)
     * @param seed      bootstrap seed
     * @param holdout   largest-compute runs to hold out for the extrapolation check (0: none)
     * @param level     confidence level of the intervals, e.g. 0.95
     */
    public record Settings(int bootstrap, long seed, int holdout, double level) {
    }

    private FitPipeline() {
    }

    /**
     * Fits every law. A law the data cannot support is refused: with one law the refusal is thrown, with several it
     * is listed in the report and the others go on; when every law is refused, that is thrown.
     */
    public static FitReport run(List<ScalingLaw> laws, FitData data, Conventions conventions, Settings settings) {
        List<FitResult> fits = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (ScalingLaw law : laws) {
            try {
                fits.add(fit(law, data, conventions, settings));
            } catch (FitRefusedException e) {
                if (laws.size() == 1) throw e;
                refused.add(e.getMessage());
            }
        }
        if (fits.isEmpty()) throw new FitRefusedException("no law could be fitted: " + String.join("; ", refused));
        return new FitReport(fits, refused);
    }

    /** One law: full fit, bootstrap intervals, holdout. */
    public static FitResult fit(ScalingLaw law, FitData data, Conventions conventions, Settings settings) {
        Estimate full = law.fit(data);
        Map<String, double[]> intervals = Map.of();
        int failures = 0;
        if (settings.bootstrap() > 0) {
            Bootstrap.Outcome outcome = Bootstrap.run(law, data, full, settings.bootstrap(), settings.seed(),
                    settings.level());
            intervals = outcome.intervals();
            failures = outcome.failures();
        }
        Holdout holdout = settings.holdout() > 0 && full.predictor().isPresent()
                ? Holdout.check(law, data, settings.holdout())
                : null;
        return new FitResult(law.name(), law.formula(), full.parameters(), intervals, full.derived(),
                full.objective(), conventions, data.runIds(), data.excluded(), settings.seed(), settings.bootstrap(),
                failures, settings.level(), data.inputs(), holdout);
    }
}
