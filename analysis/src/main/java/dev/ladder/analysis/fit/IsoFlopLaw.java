package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Chinchilla approach 2 (Hoffmann et al. 2022, section 3.2), IsoFLOP profiles: the final losses are grouped by
 * FLOP budget C; per budget a parabola L = p0 + p1·x + p2·x² in x = log N locates N_opt(C) at its minimum, which
 * must lie inside the sampled N range (else the fit is refused naming the budget); then N_opt = c_N·C^a and
 * D_opt = C/flopsPerToken(N_opt) = c_D·C^b are fitted by least squares in log-log.
 */
public final class IsoFlopLaw implements ScalingLaw {

    /** Runs whose FLOPs differ by less than this factor from a budget's smallest belong to that budget. */
    static final double BUDGET_RATIO = 1.25;
    private static final int MIN_PER_BUDGET = 3;

    /**
     * One IsoFLOP profile: the runs of one budget and the least-squares parabola L = p0 + p1\u00b7x + p2\u00b7x\u00b2,
     * x = log N, through their final losses.
     *
     * @param flops the budget C (geometric mean of its runs' C)
     */
    public record Profile(double flops, List<Observation> runs, double p0, double p1, double p2) {

        public Profile {
            runs = List.copyOf(runs);
        }

        /** The parabola's loss at N. */
        public double loss(double params) {
            double x = Math.log(params);
            return p0 + p1 * x + p2 * x * x;
        }

        /** N at the parabola's vertex (a minimum only when p2 &gt; 0). */
        public double minimumParams() {
            return Math.exp(-p1 / (2 * p2));
        }

        public double smallestParams() {
            return runs.stream().mapToDouble(Observation::params).min().orElseThrow();
        }

        public double largestParams() {
            return runs.stream().mapToDouble(Observation::params).max().orElseThrow();
        }
    }

    private final Budgets budgets;

    public IsoFlopLaw(Budgets budgets) {
        this.budgets = budgets;
    }

    @Override
    public String name() {
        return "isoflop";
    }

    @Override
    public String formula() {
        return "N_opt(C) = c_N * C^a, D_opt(C) = c_D * C^b from per-budget parabolas of L in log N";
    }


    @Override
    public Estimate fit(FitData data) {
        ScalingLaw.requireRuns(name(), 2 * MIN_PER_BUDGET, 4, data.finals().size());
        List<Profile> usable = profiles(data.finals());
        if (usable.size() < 2) {
            throw new FitRefusedException(name() + ": needs \u2265 2 FLOP budgets with \u2265 " + MIN_PER_BUDGET
                    + " distinct N each, got " + usable.size() + " (budgets: " + describe(groups(data.finals()))
                    + ")");
        }
        int n = usable.size();
        double[] logC = new double[n];
        double[] logN = new double[n];
        double[] logD = new double[n];
        for (int i = 0; i < n; i++) {
            Profile profile = usable.get(i);
            logC[i] = Math.log(profile.flops());
            logN[i] = minimum(profile);
            logD[i] = logC[i] - logFlopsPerToken(profile, logN[i]);
        }
        return AllocationPowerLaws.fit(logC, logN, logD, budgets);
    }

    /**
     * log of the FLOPs per token of a model of size N in the budget, interpolated linearly in log N between the
     * budget's own runs (C/D of each): D_opt = C / flopsPerToken(N_opt) keeps each shape's attention and head
     * FLOPs, which one median k·N would smear (k = C/(N·D) runs from 4.8 to 6.1 across the classroom's shapes in
     * Kaplan's count, from 7.0 to 9.2 in the exact one).
     */
    static double logFlopsPerToken(Profile profile, double logN) {
        List<Observation> runs = new ArrayList<>(profile.runs());
        runs.sort(Comparator.comparingDouble(Observation::params));
        Observation below = runs.get(0);
        Observation above = runs.get(runs.size() - 1);
        for (Observation o : runs) {
            if (Math.log(o.params()) <= logN) below = o;
        }
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (Math.log(runs.get(i).params()) >= logN) above = runs.get(i);
        }
        double x0 = Math.log(below.params());
        double x1 = Math.log(above.params());
        double y0 = Math.log(below.flops() / below.tokens());
        double y1 = Math.log(above.flops() / above.tokens());
        return x1 == x0 ? y0 : y0 + (y1 - y0) * (logN - x0) / (x1 - x0);
    }

    /**
     * The profiles of the budgets with \u2265 3 distinct N (those approach 2 uses), in increasing C; each budget's C is
     * the geometric mean of its runs' C.
     */
    public static List<Profile> profiles(List<Observation> finals) {
        List<Profile> profiles = new ArrayList<>();
        for (List<Observation> group : groups(finals)) {
            if (group.stream().mapToDouble(Observation::params).distinct().count() < MIN_PER_BUDGET) continue;
            int m = group.size();
            double[] x = new double[m];
            double[] y = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = Math.log(group.get(i).params());
                y[i] = group.get(i).loss();
            }
            double[] p = Parabola.fit(x, y);
            double c = Math.exp(group.stream().mapToDouble(o -> Math.log(o.flops())).average().orElseThrow());
            profiles.add(new Profile(c, group, p[0], p[1], p[2]));
        }
        return profiles;
    }

    /** log N at the minimum of a budget's parabola; refused when it has none inside the sampled N range. */
    private double minimum(Profile profile) {
        double lo = Math.log(profile.smallestParams());
        double hi = Math.log(profile.largestParams());
        String where = name() + ": budget C = " + String.format(Locale.ROOT, "%.3e", profile.flops()) + " FLOPs ("
                + profile.runs().size() + " runs, N from " + String.format(Locale.ROOT, "%.3e", Math.exp(lo))
                + " to " + String.format(Locale.ROOT, "%.3e", Math.exp(hi)) + ")";
        if (!(profile.p2() > 0)) {
            throw new FitRefusedException(where + ": the loss parabola in log N has no minimum (curvature "
                    + profile.p2() + "); allowed: a budget whose losses dip between its smallest and largest N");
        }
        double vertex = Math.log(profile.minimumParams());
        if (!(vertex > lo && vertex < hi)) {
            throw new FitRefusedException(where + ": the minimum lies at N = "
                    + String.format(Locale.ROOT, "%.3e", Math.exp(vertex)) + ", outside the sampled range; add "
                    + (vertex <= lo ? "smaller" : "larger") + " models at this budget");
        }
        return vertex;
    }

    /**
     * Final losses grouped by budget. When every run records the budget it was planned for (run.json
     * {@code plannedFlops}), runs of one planned budget form one group, whatever FLOPs convention the fit counts in.
     * Otherwise (older runs, CSV) they are sorted by C and a new group starts when C exceeds the group's first by
     * BUDGET_RATIO; under a convention other than the one that planned the ladder this can split a budget.
     */
    static List<List<Observation>> groups(List<Observation> finals) {
        List<Observation> sorted = new ArrayList<>(finals);
        boolean planned = plannedBudgets(finals);
        sorted.sort(Comparator.comparingDouble(planned ? Observation::budget : Observation::flops)
                .thenComparingDouble(Observation::flops));
        List<List<Observation>> groups = new ArrayList<>();
        for (Observation o : sorted) {
            List<Observation> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            boolean next = last == null || (planned ? o.budget() != last.get(0).budget()
                    : o.flops() > BUDGET_RATIO * last.get(0).flops());
            if (next) {
                last = new ArrayList<>();
                groups.add(last);
            }
            last.add(o);
        }
        return groups;
    }

    /** Whether every observation records its planned budget, so that {@link #groups} groups by it. */
    public static boolean plannedBudgets(List<Observation> finals) {
        return !finals.isEmpty() && finals.stream().allMatch(o -> Double.isFinite(o.budget()));
    }

    private static String describe(List<List<Observation>> groups) {
        List<String> parts = new ArrayList<>();
        for (List<Observation> g : groups) {
            parts.add(String.format(Locale.ROOT, "%.2e", g.get(0).flops()) + " (" + g.size() + " runs)");
        }
        return String.join(", ", parts);
    }
}
