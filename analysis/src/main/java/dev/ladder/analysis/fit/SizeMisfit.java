package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * How a fitted law misses the runs, size by size: for each N, the relative misfit (observed / predicted - 1) at each
 * token count, averaged over the runs there (a grid trained with several seeds has one per seed). The law
 * E + A/N^alpha + B/D^beta moves every size along D by the same B/D^beta; a size whose misfit climbs or falls along D
 * learns less or more per token than that term allows, an N-D interaction the law has no term for. Token counts
 * within 1% of one another count as one (a budget's runs differ by a partial batch).
 *
 * @param tokens     the token counts, ascending
 * @param sizes      one row per N, ascending
 * @param meanAbs    mean |misfit| over every run
 * @param worst      the misfit of the run it is largest for, signed
 * @param worstRunId that run
 */
public record SizeMisfit(List<Double> tokens, List<Size> sizes, double meanAbs, double worst, String worstRunId) {

    /** Token counts closer than this, relative to the smaller, are one budget. */
    private static final double SAME_BUDGET = 0.01;

    /**
     * One size's row.
     *
     * @param params N
     * @param misfit the mean misfit at each of {@link SizeMisfit#tokens()}; NaN where the size has no run there
     */
    public record Size(double params, double[] misfit) {

        public Size {
            misfit = misfit.clone();
        }

        @Override
        public double[] misfit() {
            return misfit.clone();
        }

        /** Misfit at the largest token count it has minus at the smallest; NaN with fewer than two. */
        public double trend() {
            double first = Double.NaN;
            double last = Double.NaN;
            int cells = 0;
            for (double m : misfit) {
                if (Double.isNaN(m)) continue;
                if (cells++ == 0) first = m;
                last = m;
            }
            return cells < 2 ? Double.NaN : last - first;
        }
    }

    public SizeMisfit {
        tokens = List.copyOf(tokens);
        sizes = List.copyOf(sizes);
    }

    /** The misfit of {@code predictor} (a law fitted to {@code finals}, or any other) on {@code finals}. */
    public static SizeMisfit of(List<Observation> finals, LossPredictor predictor) {
        if (finals.isEmpty()) throw new IllegalArgumentException("no runs to measure a misfit on");
        List<Double> budgets = budgets(finals);
        TreeMap<Double, double[][]> bySize = new TreeMap<>();   // N -> [sum, count] per budget
        double sumAbs = 0;
        double worst = 0;
        String worstRun = null;
        for (Observation o : finals) {
            double misfit = o.loss() / predictor.loss(o.params(), o.tokens(), o.flops()) - 1;
            double[][] row = bySize.computeIfAbsent(o.params(), n -> new double[budgets.size()][2]);
            double[] cell = row[budgetIndex(budgets, o.tokens())];
            cell[0] += misfit;
            cell[1]++;
            sumAbs += Math.abs(misfit);
            if (worstRun == null || Math.abs(misfit) > Math.abs(worst)) {
                worst = misfit;
                worstRun = o.runId();
            }
        }
        List<Size> sizes = new ArrayList<>();
        bySize.forEach((n, row) -> {
            double[] mean = new double[row.length];
            for (int j = 0; j < row.length; j++) mean[j] = row[j][1] == 0 ? Double.NaN : row[j][0] / row[j][1];
            sizes.add(new Size(n, mean));
        });
        return new SizeMisfit(budgets, sizes, sumAbs / finals.size(), worst, worstRun);
    }

    /** The distinct token counts, ascending, each the smallest of a run of counts within {@link #SAME_BUDGET}. */
    static List<Double> budgets(List<Observation> finals) {
        double[] all = finals.stream().mapToDouble(Observation::tokens).sorted().toArray();
        List<Double> budgets = new ArrayList<>();
        for (double d : all) {
            if (budgets.isEmpty() || d > budgets.get(budgets.size() - 1) * (1 + SAME_BUDGET)) budgets.add(d);
        }
        return budgets;
    }

    static int budgetIndex(List<Double> budgets, double tokens) {
        for (int j = budgets.size() - 1; j >= 0; j--) {
            if (tokens >= budgets.get(j)) return j;
        }
        throw new IllegalStateException("token count " + tokens + " below the smallest budget " + budgets.get(0));
    }
}
