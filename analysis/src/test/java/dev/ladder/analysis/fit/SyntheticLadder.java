package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test data: final losses from a known L(N, D) = E + A/N^α + B/D^β with multiplicative log-normal noise, on an
 * IsoFLOP design (several FLOP budgets, model sizes log-spaced around the true N_opt at each), C = 6ND.
 */
record SyntheticLadder(double e, double a, double b, double alpha, double beta) {

    /** Chinchilla-like truth (Besiroglu et al. 2024's estimates, rounded). */
    static final SyntheticLadder CHINCHILLA = new SyntheticLadder(1.82, 480, 2100, 0.35, 0.37);

    double loss(double n, double d) {
        return e + a / Math.pow(n, alpha) + b / Math.pow(d, beta);
    }

    ComputeOptimal optimal() {
        return new ComputeOptimal(a, b, alpha, beta, 6);
    }

    /**
     * @param budgets    number of FLOP budgets, from 1e18 up by a factor 4 each
     * @param perBudget  models per budget, log-spaced from N_opt/8 to 8·N_opt
     * @param noise      standard deviation of the log-loss noise
     */
    FitData isoFlop(int budgets, int perBudget, double noise, long seed) {
        Random rng = new Random(seed);
        List<Observation> finals = new ArrayList<>();
        for (int i = 0; i < budgets; i++) {
            double c = 1e18 * Math.pow(4, i);
            double center = optimal().params(c);
            for (int j = 0; j < perBudget; j++) {
                double n = center * Math.pow(8, -1 + 2.0 * j / (perBudget - 1));
                double d = c / (6 * n);
                double l = loss(n, d) * Math.exp(noise * rng.nextGaussian());
                finals.add(new Observation("c" + i + "-n" + j, n, d, c, l));
            }
        }
        return new FitData(finals, finals, List.of(), 6, List.of("synthetic"));
    }

    /** Training curves: each run of the IsoFLOP design evaluated at 20 log-spaced token counts up to its budget. */
    FitData curves(int budgets, int perBudget) {
        List<Observation> finals = isoFlop(budgets, perBudget, 0, 0).finals();
        List<Observation> curves = new ArrayList<>();
        for (Observation run : finals) {
            for (int k = 1; k <= 20; k++) {
                double d = run.tokens() * Math.pow(100, (k - 20) / 19.0);
                curves.add(new Observation(run.runId(), run.params(), d, 6 * run.params() * d, loss(run.params(), d)));
            }
        }
        return new FitData(finals, curves, List.of(), 6, List.of("synthetic"));
    }
}
