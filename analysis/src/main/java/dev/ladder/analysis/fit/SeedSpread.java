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
 * @param seeds     the seeds, ascending
 * @param asTrained each parameter's sd across the seeds' own fits, as trained
 * @param sizes     one row per size trained with two seeds or more, ascending in N
 * @param refused   seed fits the law refused, as "seed S" or "seed S without N's luck", with the reason
 */
public record SeedSpread(List<String> names, List<Long> seeds, double[] asTrained, List<Size> sizes,
                         List<String> refused) {

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
        seeds = List.copyOf(seeds);
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
     * curves) with {@code fit}; empty when fewer than two seeds are known or no size has two.
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

        List<String> refused = new ArrayList<>();
        double[] asTrained = spread(data, data.finals(), seeds, fit, names, "", refused);
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
            String label = String.format(Locale.ROOT, " without N %.4g's luck", n);
            sizes.add(new Size(n, offset.length, sd(offset),
                    spread(data, replaced, seeds, fit, names, label, refused)));
        }
        if (sizes.isEmpty()) return Optional.empty();
        return Optional.of(new SeedSpread(names, List.copyOf(seeds), asTrained, sizes, refused));
    }

    /** Each parameter's sd across the seeds' fits of {@code finals} (NaN with fewer than two fits). */
    private static double[] spread(FitData data, List<Observation> finals, TreeSet<Long> seeds,
                                   Function<FitData, Estimate> fit, List<String> names, String label,
                                   List<String> refused) {
        List<double[]> values = new ArrayList<>();
        for (long seed : seeds) {
            FitData one = data.with(finals.stream().filter(o -> o.seed() == seed).toList(),
                    data.curves().stream().filter(o -> o.seed() == seed).toList());
            try {
                Estimate e = fit.apply(one);
                values.add(names.stream().mapToDouble(e::value).toArray());
            } catch (FitRefusedException ex) {
                refused.add("seed " + seed + label + ": " + ex.getMessage());
            }
        }
        double[] sd = new double[names.size()];
        for (int k = 0; k < sd.length; k++) {
            int column = k;
            sd[k] = sd(values.stream().mapToDouble(v -> v[column]).toArray());
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
