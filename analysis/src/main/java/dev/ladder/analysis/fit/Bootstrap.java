package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Nonparametric bootstrap of a fit, by one of three {@link Method}s. Over runs (Epoch AI's data_analysis.ipynb
 * resamples data points; a run is our unit): draw as many runs as there are, with replacement. Over residuals (a
 * fixed design; Efron &amp; Tibshirani 1993, An Introduction to the Bootstrap, sec. 9.4-9.5; Davison &amp; Hinkley
 * 1997, Bootstrap Methods and their Application, sec. 6.2.3): keep every run and give it the full fit's loss times
 * the exponential of a log residual drawn with replacement. Over seeds: the same, with the residuals split into an
 * offset per size and seed and a residual within it ({@link SeedResiduals}). Each resample is refitted (from the
 * full-data fit and from a small grid of starts, {@link MultiStartFit#refit}, so that a resample whose best basin
 * lies elsewhere finds it), and the outcome holds percentile intervals of every parameter and derived quantity.
 * Seeded: the same seed gives the same intervals, whatever the number of threads. For laws that predict loss, also a
 * prediction interval for a new run at the compute-optimal point of each budget: the resampled prediction times the
 * exponential of a resampled log residual.
 */
public final class Bootstrap {

    /**
     * What a resample is. {@code runs}: runs drawn with replacement (a case bootstrap, for observational collections
     * of runs). {@code residuals}: every run kept at its (N, D) with the fitted loss times a resampled log residual
     * (for a planned grid, whose design a case resample would break, e.g. by losing every run of the largest D).
     * {@code seeds}: residuals in two levels, an offset per size and seed and a residual per run
     * ({@link SeedResiduals}), for a grid trained with several seeds, whose runs of one size and seed move together.
     */
    public enum Method {
        runs("runs resampled with replacement"),
        residuals("residuals: the design fixed, residuals resampled"),
        seeds("seeds: the design fixed, each size's seed offsets and the residuals within a seed resampled");

        private final String phrase;

        Method(String phrase) {
            this.phrase = phrase;
        }

        /** What is resampled, in a few words for tables and reports. */
        public String phrase() {
            return phrase;
        }
    }

    /**
     * @param intervals name → [lo, hi] at the given level, for parameters and derived quantities
     * @param samples   successful refits
     * @param failures  resamples the law refused (e.g. an IsoFLOP budget lost its interior minimum)
     * @param reasons   why: the refusal message with its numbers replaced by "#" → resamples refused so, most first
     * @param method    the method used: {@code residuals} or {@code seeds} only where asked for and the fit allows
     *                  it ({@link #residualsAllowed}; seeds also need a size trained with two seeds, else
     *                  residuals), else {@code runs}
     */
    public record Outcome(Map<String, double[]> intervals, List<Estimate> samples, int failures,
                          Map<String, Integer> reasons, Method method) {
    }

    private Bootstrap() {
    }

    /** The bootstrap over runs. */
    public static Outcome run(ScalingLaw law, FitData data, Estimate full, int count, long seed, double level) {
        return run(law, data, full, Method.runs, count, seed, level);
    }

    /**
     * The bootstrap by {@code method}; {@code residuals} and {@code seeds} fall back to {@code runs} where the fit
     * does not allow residuals ({@link #residualsAllowed}), {@code seeds} to {@code residuals} where no size has two
     * seeds, and the outcome says which was used.
     */
    public static Outcome run(ScalingLaw law, FitData data, Estimate full, Method method, int count, long seed,
                              double level) {
        boolean onResiduals = method != Method.runs && residualsAllowed(law, data, full);
        double[] fitted = onResiduals ? law.fittedLosses(data, full).orElseThrow() : null;
        Optional<SeedResiduals> bySeed = onResiduals && method == Method.seeds ? SeedResiduals.of(data, fitted)
                : Optional.empty();
        Method used = !onResiduals ? Method.runs : bySeed.isPresent() ? Method.seeds : Method.residuals;
        double[] residuals = used == Method.residuals ? residuals(data, fitted, full.parameters().size()) : null;
        LinkedHashSet<String> ids = new LinkedHashSet<>(data.runIds());
        data.curves().forEach(o -> ids.add(o.runId()));
        List<String> runs = List.copyOf(ids);
        Map<String, Observation> finals = new HashMap<>();
        for (Observation o : data.finals()) finals.put(o.runId(), o);
        Map<String, List<Observation>> curves = data.curvesByRun();
        SplittableRandom root = new SplittableRandom(seed);
        long[] seeds = new long[count];
        for (int b = 0; b < count; b++) seeds[b] = root.nextLong();
        Estimate[] fits = new Estimate[count];
        String[] refusals = new String[count];
        IntStream.range(0, count).parallel().forEach(b -> {
            SplittableRandom rng = new SplittableRandom(seeds[b]);
            FitData resample = switch (used) {
                case residuals -> residualResample(data, fitted, residuals, rng);
                case seeds -> bySeed.orElseThrow().resample(data, fitted, rng);
                case runs -> resample(data, runs, finals, curves, rng);
            };
            try {
                fits[b] = law.refit(resample, full);
            } catch (FitRefusedException | IllegalArgumentException | IllegalStateException e) {
                refusals[b] = reason(e);
            }
        });
        List<Estimate> samples = Arrays.stream(fits).filter(Objects::nonNull).toList();
        Map<String, double[]> intervals = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(full.parameters().keySet());
        names.addAll(full.derived().keySet());
        for (String name : names) {
            double[] values = samples.stream().mapToDouble(e -> e.value(name)).filter(Double::isFinite).toArray();
            if (values.length > 0) intervals.put(name, interval(values, level));
        }
        predictionIntervals(data, full, samples, level, new SplittableRandom(seed ^ 0x5DEECE66DL), intervals);
        return new Outcome(intervals, samples, count - samples.size(), countReasons(refusals), used);
    }

    /** A refusal's kind: its message with every number replaced by "#", so that refusals of one kind count together. */
    static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|NaN|-?Infinity", "#");
    }

    private static Map<String, Integer> countReasons(String[] refusals) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String r : refusals) {
            if (r != null) counts.merge(r, 1, Integer::sum);
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** One resample: runs drawn with replacement; the k-th copy of a run gets id "run#k" so copies stay apart. */
    private static FitData resample(FitData data, List<String> runs, Map<String, Observation> finals,
                                    Map<String, List<Observation>> curves, SplittableRandom rng) {
        List<Observation> newFinals = new ArrayList<>();
        List<Observation> newCurves = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            String id = runs.get(rng.nextInt(runs.size()));
            String copy = id + "#" + i;
            Observation last = finals.get(id);
            if (last != null) newFinals.add(renamed(last, copy));
            for (Observation o : curves.getOrDefault(id, List.of())) newCurves.add(renamed(o, copy));
        }
        return data.with(newFinals, newCurves);
    }

    private static Observation renamed(Observation o, String runId) {
        return o.withRunId(runId);
    }

    /**
     * Whether a fit can be bootstrapped over residuals: the law predicts losses, is fitted to final losses only (no
     * training curves), has fewer parameters than final losses, and predicts a positive, finite loss at every run.
     */
    static boolean residualsAllowed(ScalingLaw law, FitData data, Estimate full) {
        if (!law.fitsFinalLosses() || data.finals().size() <= full.parameters().size()) return false;
        return law.fittedLosses(data, full)
                .map(fitted -> Arrays.stream(fitted).allMatch(l -> l > 0 && Double.isFinite(l))).orElse(false);
    }

    /**
     * The log residuals r_i = ln(L_i / L̂_i), centred and scaled by sqrt(n / (n - p)) for the variance the fit's p
     * parameters absorb (Davison &amp; Hinkley 1997, sec. 6.2.3).
     */
    static double[] residuals(FitData data, double[] fitted, int parameters) {
        int n = fitted.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = Math.log(data.finals().get(i).loss() / fitted[i]);
        double mean = Arrays.stream(r).average().orElseThrow();
        double inflation = Math.sqrt((double) n / (n - parameters));
        for (int i = 0; i < n; i++) r[i] = (r[i] - mean) * inflation;
        return r;
    }

    /**
     * One residual resample: every final observation kept (run id, N, D, C, teacher loss, budget), its loss set to
     * L̂_i · exp(r_J) with J drawn uniformly; the training curves, which the law does not use, unchanged.
     */
    static FitData residualResample(FitData data, double[] fitted, double[] residuals, SplittableRandom rng) {
        List<Observation> newFinals = new ArrayList<>(fitted.length);
        for (int i = 0; i < fitted.length; i++) {
            double loss = fitted[i] * Math.exp(residuals[rng.nextInt(residuals.length)]);
            newFinals.add(data.finals().get(i).withLoss(loss));
        }
        return data.with(newFinals, data.curves());
    }

    /**
     * Adds newRunLoss@C: the loss a new run at the full fit's (N_opt, D_opt) would reach, with noise, over the
     * resamples whose fit predicts losses (a supervised-law refit with an exponent at or below 0 does not).
     */
    private static void predictionIntervals(FitData data, Estimate full, List<Estimate> fits, double level,
                                            SplittableRandom rng, Map<String, double[]> intervals) {
        List<Estimate> samples = fits.stream().filter(e -> e.predictor().isPresent()).toList();
        if (full.predictor().isEmpty() || samples.isEmpty()) return;
        LossPredictor fullPredictor = full.predictor().get();
        double[] residuals = data.finals().stream()
                .mapToDouble(o -> Math.log(o.loss() / fullPredictor.loss(o.params(), o.tokens(), o.flops())))
                .toArray();
        for (String name : full.derived().keySet()) {
            if (!name.startsWith("nOpt@")) continue;
            String budget = name.substring("nOpt@".length());
            double c = Double.parseDouble(budget);
            double n = full.derived().get(name);
            double d = full.derived().get("dOpt@" + budget);
            double[] losses = new double[samples.size()];
            for (int i = 0; i < losses.length; i++) {
                double noise = residuals[rng.nextInt(residuals.length)];
                losses[i] = samples.get(i).predictor().orElseThrow().loss(n, d, c) * Math.exp(noise);
            }
            intervals.put("newRunLoss@" + budget, interval(losses, level));
        }
    }

    /** The percentile interval [q, 1 - q], q = (1 - level)/2, with linear interpolation between order statistics. */
    public static double[] interval(double[] values, double level) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double q = (1 - level) / 2;
        return new double[] {percentile(sorted, q), percentile(sorted, 1 - q)};
    }

    private static double percentile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
