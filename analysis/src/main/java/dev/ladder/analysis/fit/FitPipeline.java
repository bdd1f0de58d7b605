package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Fits each law to the data, then bootstraps it and runs the extrapolation check, collecting a {@link FitReport}. */
public final class FitPipeline {

    /**
     * @param bootstrap       resamples (0: no intervals)
     * @param bootstrapMethod what a resample resamples (a law whose fit does not allow residuals gets runs)
     * @param seed            bootstrap seed
     * @param holdout         largest-compute runs to hold out for the extrapolation check (0: none)
     * @param level           confidence level of the intervals, e.g. 0.95
     */
    public record Settings(int bootstrap, Bootstrap.Method bootstrapMethod, long seed, int holdout, double level) {

        public Settings {
            Objects.requireNonNull(bootstrapMethod, "bootstrapMethod");
        }
    }

    /**
     * One law's fit with what plots need beyond fit.json.
     *
     * @param result   what fit.json holds
     * @param estimate the full-data fit (with its loss predictor, if any)
     * @param samples  the successful bootstrap refits, for bands around fitted curves; empty without bootstrap
     */
    public record Fitted(FitResult result, Estimate estimate, List<Estimate> samples) {

        public Fitted {
            samples = List.copyOf(samples);
        }
    }

    /** Every law fitted, and the refusals ("law: why") of those the data could not support. */
    public record Outcome(List<Fitted> fitted, List<String> refused) {

        public Outcome {
            fitted = List.copyOf(fitted);
            refused = List.copyOf(refused);
        }

        /** The content of fit.json. */
        public FitReport report() {
            return new FitReport(fitted.stream().map(Fitted::result).toList(), refused);
        }
    }

    private FitPipeline() {
    }

    /**
     * Fits every law. A law the data cannot support is refused: with one law the refusal is thrown, with several it
     * is listed in the report and the others go on; when every law is refused, that is thrown.
     */
    public static FitReport run(List<ScalingLaw> laws, FitData data, Conventions conventions, Settings settings) {
        Outcome outcome = runFitted(laws, data, conventions, settings);
        if (outcome.fitted().isEmpty()) {
            throw new FitRefusedException("no law could be fitted: " + String.join("; ", outcome.refused()));
        }
        return outcome.report();
    }

    /**
     * As {@link #run}, keeping each law's full-data estimate and bootstrap refits; when every one of several laws is
     * refused, the outcome lists the refusals and no fit (a report still shows the runs and why).
     */
    public static Outcome runFitted(List<ScalingLaw> laws, FitData data, Conventions conventions,
                                    Settings settings) {
        List<Fitted> fits = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (ScalingLaw law : laws) {
            try {
                fits.add(fitted(law, data, conventions, settings));
            } catch (FitRefusedException e) {
                if (laws.size() == 1) throw e;
                refused.add(e.getMessage());
            }
        }
        return new Outcome(fits, refused);
    }

    /** One law: full fit, bootstrap intervals, holdout. */
    public static FitResult fit(ScalingLaw law, FitData data, Conventions conventions, Settings settings) {
        return fitted(law, data, conventions, settings).result();
    }

    /** One law as {@link #fit}, keeping the full-data estimate and the bootstrap refits. */
    public static Fitted fitted(ScalingLaw law, FitData data, Conventions conventions, Settings settings) {
        Estimate full;
        try {
            full = law.fit(data);
        } catch (FitRefusedException e) {
            throw new FitRefusedException(Degeneracy.explained(e.getMessage(), data));
        }
        if (law.fitsFinalLosses()) Degeneracy.check(law.name(), data, full);
        Map<String, double[]> intervals = Map.of();
        List<Estimate> samples = List.of();
        int failures = 0;
        Map<String, Integer> reasons = Map.of();
        Bootstrap.Method method = null;
        if (settings.bootstrap() > 0) {
            Bootstrap.Outcome outcome = Bootstrap.run(law, data, full, settings.bootstrapMethod(),
                    settings.bootstrap(), settings.seed(), settings.level());
            method = outcome.method();
            intervals = outcome.intervals();
            samples = outcome.samples();
            failures = outcome.failures();
            reasons = outcome.reasons();
        }
        Holdout holdout = settings.holdout() > 0 && full.predictor().isPresent()
                ? Holdout.check(law, data, settings.holdout())
                : null;
        FitResult result = new FitResult(law.name(), law.formula(), full.parameters(), intervals, full.derived(),
                full.objective(), conventions, data.runIds(), data.excluded(), settings.seed(), settings.bootstrap(),
                method, failures, settings.level(), data.inputs(), holdout, reasons);
        return new Fitted(result, full, samples);
    }
}
