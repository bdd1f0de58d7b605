package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A fit's log residuals split in two levels, for the bootstrap over seeds. Runs of one size and one seed start from
 * the same weights and see the same batches (WSD branches also share their stable run), so their losses share an
 * offset: the seed's luck at that size. A residual bootstrap scatters that offset over unrelated runs and so cannot
 * see how much it moves the fit. Here each group of runs (one size, one seed) keeps one offset, drawn afresh:
 * <ul>
 *   <li>group offset: the mean log residual of the group; a size trained with k &ge; 2 seeds gives k deviations from
 *       its own mean, scaled by sqrt(k / (k - 1)), and its groups draw from those (seed noise differs by size: a
 *       small model's seeds land further apart); a size with one seed draws from every size's deviations;</li>
 *   <li>within a group: the log residual minus its group's mean, scaled by sqrt(n / (n - G)) for the G group means
 *       taken out, drawn from all runs.</li>
 * </ul>
 * The deviations are taken within a size, where the law predicts the same loss for every seed, so the fit's
 * parameters absorb none of them. A two-stage (cluster) residual bootstrap; Davison &amp; Hinkley 1997, Bootstrap
 * Methods and their Application, sec. 3.8 (hierarchical data) and 6.2.3 (residuals).
 */
final class SeedResiduals {

    /** Runs of one size (N) and one seed. */
    private record Group(double params, long seed) {
    }

    private final int[] groupOf;
    private final double[][] offsetPool;
    private final double[] within;

    private SeedResiduals(int[] groupOf, double[][] offsetPool, double[] within) {
        this.groupOf = groupOf;
        this.offsetPool = offsetPool;
        this.within = within;
    }

    /**
     * The split of {@code data}'s final losses around {@code fitted}; empty unless every run's seed is known and at
     * least one size was trained with two seeds or more.
     */
    static Optional<SeedResiduals> of(FitData data, double[] fitted) {
        List<Observation> finals = data.finals();
        int n = finals.size();
        if (finals.stream().anyMatch(o -> o.seed() == Observation.NO_SEED)) return Optional.empty();
        Map<Group, Integer> groups = new LinkedHashMap<>();
        int[] groupOf = new int[n];
        for (int i = 0; i < n; i++) {
            Observation o = finals.get(i);
            groupOf[i] = groups.computeIfAbsent(new Group(o.params(), o.seed()), key -> groups.size());
        }
        int g = groups.size();
        double[] sum = new double[g];
        int[] count = new int[g];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = Math.log(finals.get(i).loss() / fitted[i]);
            sum[groupOf[i]] += r[i];
            count[groupOf[i]]++;
        }
        double[] mean = new double[g];
        for (int k = 0; k < g; k++) mean[k] = sum[k] / count[k];

        Map<Double, List<Integer>> groupsOfSize = new LinkedHashMap<>();
        groups.forEach((key, k) -> groupsOfSize.computeIfAbsent(key.params(), s -> new ArrayList<>()).add(k));
        double[][] pool = new double[g][];
        List<Double> allDeviations = new ArrayList<>();
        for (List<Integer> members : groupsOfSize.values()) {
            int k = members.size();
            if (k < 2) continue;
            double sizeMean = members.stream().mapToDouble(m -> mean[m]).average().orElseThrow();
            double[] deviations = members.stream()
                    .mapToDouble(m -> (mean[m] - sizeMean) * Math.sqrt(k / (k - 1.0))).toArray();
            for (double d : deviations) allDeviations.add(d);
            for (int m : members) pool[m] = deviations;
        }
        if (allDeviations.isEmpty()) return Optional.empty();
        double[] everySize = allDeviations.stream().mapToDouble(Double::doubleValue).toArray();
        for (int k = 0; k < g; k++) {
            if (pool[k] == null) pool[k] = everySize;
        }
        double[] within = new double[n];
        double inflation = n > g ? Math.sqrt((double) n / (n - g)) : 0;
        for (int i = 0; i < n; i++) within[i] = (r[i] - mean[groupOf[i]]) * inflation;
        return Optional.of(new SeedResiduals(groupOf, pool, within));
    }

    /** The number of groups (one size, one seed). */
    int groups() {
        return offsetPool.length;
    }

    /**
     * One resample: every final observation kept, its loss set to L̂_i · exp(u_g + w_J): u_g drawn once for its group
     * from the group's offset pool, w_J from the residuals within groups; the training curves unchanged.
     */
    FitData resample(FitData data, double[] fitted, SplittableRandom rng) {
        double[] offset = new double[offsetPool.length];
        for (int k = 0; k < offset.length; k++) offset[k] = offsetPool[k][rng.nextInt(offsetPool[k].length)];
        List<Observation> newFinals = new ArrayList<>(fitted.length);
        for (int i = 0; i < fitted.length; i++) {
            double loss = fitted[i] * Math.exp(offset[groupOf[i]] + within[rng.nextInt(within.length)]);
            newFinals.add(data.finals().get(i).withLoss(loss));
        }
        return data.with(newFinals, data.curves());
    }
}
