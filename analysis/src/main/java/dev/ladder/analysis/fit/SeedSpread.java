package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Where a grid's seeds disagree, size by size. Each seed's runs are fitted alone, and the spread of a parameter
 * across seeds is its sample standard deviation. Then, one size at a time, that size's losses are replaced by their
 * mean over the seeds at each budget, which takes its seeds' luck out and leaves every other size's in, and the
 * seeds are fitted again: the size whose replacement shrinks the spread most is the one whose seed noise moves the
 * parameter most. A size's own noise is also given directly: its seed offset, the mean over its budgets of
 * log(loss / that budget's mean over seeds), and the sample sd of those offsets across its seeds. (A one-at-a-time
 * sensitivity analysis; it says nothing about bias.)
 *
 * @param names     the parameters, in order
 * @param fits      each seed's own fit as trained, ascending by seed
 * @param asTrained each parameter's sd across those fits
 * @param sizes     one row per size trained with two seeds or more, ascending in N (none when no size has two)
 * @param refused   refits the law refused, as "seed S without N's luck: reason"
 */
public record SeedSpread(List<String> names, List<SeedFit> fits, double[] asTrained, List<Size> sizes,
                         List<String> refused) {

    /**
     * One seed's runs fitted alone.
     *
     * @param seed    the seed
     * @param runs    its final losses
     * @param values  the parameters' estimates, in {@link SeedSpread#names()}'s order; null when the law refused
     * @param refusal why the law refused; null when it did not
     */
    public record SeedFit(long seed, int runs, double[] values, String refusal) {

        public SeedFit {
            values = values == null ? null : values.clone();
        }

        @Override
        public double[] values() {
            return values == null ? null : values.clone();
        }
    }

    /**
     * One size.
     *
     * @param params         N
     * @param seeds          how many seeds it was trained with
     * @param offsetSd       the sd across its seeds of their offsets (log, so about a relative change of the loss)
     * @param withoutItsLuck each parameter's sd across the seeds' fits with this size's losses replaced by their
     *                       mean over seeds
     */
    public record Size(double params, int seeds, double offsetSd, double[] withoutItsLuck) {

        public Size {
            withoutItsLuck = withoutItsLuck.clone();
        }

        @Override
        public double[] withoutItsLuck() {
            return withoutItsLuck.clone();
        }
    }

    public SeedSpread {
        names = List.copyOf(names);
        fits = List.copyOf(fits);
        asTrained = asTrained.clone();
        sizes = List.copyOf(sizes);
        refused = List.copyOf(refused);
    }

    @Override
    public double[] asTrained() {
        return asTrained.clone();
    }

    /**
     * The spread of {@code names} over the seeds of {@code data}'s final losses, fitting each seed's runs (finals and
     * curves) with {@code fit}; empty when a run's seed is unknown or fewer than two seeds are known.
     */
    public static Optional<SeedSpread> of(FitData data, Function<FitData, Estimate> fit, List<String> names) {
        TreeSet<Long> seeds = new TreeSet<>();
        for (Observation o : data.finals()) {
            if (o.seed() == Observation.NO_SEED) return Optional.empty();
            seeds.add(o.seed());
        }
        if (seeds.size() < 2) return Optional.empty();

        List<Double> budgets = SizeMisfit.budgets(data.finals());
        // the mean loss of each (size, budget) cell over its seeds, and each size's seeds
        TreeMap<Double, double[][]> cells = new TreeMap<>();   // N -> [sum, count] per budget
        TreeMap<Double, TreeSet<Long>> seedsOfSize = new TreeMap<>();
        for (Observation o : data.finals()) {
            double[] cell = cells.computeIfAbsent(o.params(), n -> new double[budgets.size()][2])
                    [SizeMisfit.budgetIndex(budgets, o.tokens())];
            cell[0] += o.loss();
            cell[1]++;
            seedsOfSize.computeIfAbsent(o.params(), n -> new TreeSet<>()).add(o.seed());
        }
        Function<Observation, Double> cellMean = o -> {
            double[] cell = cells.get(o.params())[SizeMisfit.budgetIndex(budgets, o.tokens())];
            return cell[0] / cell[1];
        };

        List<SeedFit> asTrained = fits(data, data.finals(), seeds, fit, names);
        List<String> refused = new ArrayList<>();
        List<Size> sizes = new ArrayList<>();
        for (Map.Entry<Double, TreeSet<Long>> entry : seedsOfSize.entrySet()) {
            double n = entry.getKey();
            if (entry.getValue().size() < 2) continue;
            Map<Long, double[]> offsets = new LinkedHashMap<>();   // seed -> [sum of log ratios, count]
            List<Observation> replaced = new ArrayList<>();
            for (Observation o : data.finals()) {
                if (o.params() != n) {
                    replaced.add(o);
                    continue;
                }
                double mean = cellMean.apply(o);
                double[] sum = offsets.computeIfAbsent(o.seed(), s -> new double[2]);
                sum[0] += Math.log(o.loss() / mean);
                sum[1]++;
                replaced.add(o.withLoss(mean));
            }
            double[] offset = offsets.values().stream().mapToDouble(s -> s[0] / s[1]).toArray();
            List<SeedFit> refits = fits(data, replaced, seeds, fit, names);
            for (SeedFit refit : refits) {
                if (refit.refusal() != null) {
                    refused.add(String.format(Locale.ROOT, "seed %d without N %.4g's luck: %s", refit.seed(), n,
                            refit.refusal()));
                }
            }
            sizes.add(new Size(n, offset.length, sd(offset), spread(refits, names.size())));
        }
        return Optional.of(new SeedSpread(names, asTrained, spread(asTrained, names.size()), sizes, refused));
    }

    /** Each seed's runs among {@code finals} (and its curves in {@code data}) fitted alone. */
    private static List<SeedFit> fits(FitData data, List<Observation> finals, TreeSet<Long> seeds,
                                      Function<FitData, Estimate> fit, List<String> names) {
        List<SeedFit> fits = new ArrayList<>();
        for (long seed : seeds) {
            FitData one = data.with(finals.stream().filter(o -> o.seed() == seed).toList(),
                    data.curves().stream().filter(o -> o.seed() == seed).toList());
            try {
                Estimate e = fit.apply(one);
                fits.add(new SeedFit(seed, one.finals().size(), names.stream().mapToDouble(e::value).toArray(),
                        null));
            } catch (FitRefusedException ex) {
                fits.add(new SeedFit(seed, one.finals().size(), null, ex.getMessage()));
            }
        }
        return fits;
    }

    /** Each parameter's sd across the fits the law did not refuse (NaN with fewer than two). */
    private static double[] spread(List<SeedFit> fits, int parameters) {
        double[] sd = new double[parameters];
        for (int k = 0; k < sd.length; k++) {
            int column = k;
            sd[k] = sd(fits.stream().filter(f -> f.values() != null).mapToDouble(f -> f.values()[column]).toArray());
        }
        return sd;
    }

    /** The sample standard deviation; NaN with fewer than two values. */
    static double sd(double[] x) {
        if (x.length < 2) return Double.NaN;
        double mean = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        return Math.sqrt(ss / (x.length - 1));
    }
}
