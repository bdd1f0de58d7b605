package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The supervised (Busbridge Eq. 1), fine-tuning (Zhang et al.) and transfer (Hernandez et al.) laws recover known
 * constants from noisy synthetic data: in each of several trials the fit is bootstrapped, and the truth must lie
 * inside the 95% interval for at least 80% of (trial, parameter) pairs.
 */
class PostTrainingRecoveryTest {

    private static final int TRIALS = 4;
    private static final int RESAMPLES = 60;

    @Test
    void supervisedLawRecoversBusbridgeTable6() {
        SupervisedParams truth = SupervisedParams.BUSBRIDGE_TABLE6;
        double coverage = coverage(new SupervisedLaw(new Budgets(List.of(1e21))), truth.asMap(), (rng, trial) -> {
            List<Observation> finals = new ArrayList<>();
            for (double n : new double[] {1e7, 3e7, 1e8, 3e8, 1e9, 3e9}) {
                for (double tpp : new double[] {2, 8, 30, 120}) {
                    double d = tpp * n;
                    finals.add(new Observation("n" + n + "d" + d, n, d, 6 * n * d,
                            truth.loss(n, d) * Math.exp(0.002 * DistillationLawTest.gaussian(rng))));
                }
            }
            return new FitData(finals, List.of(), List.of(), 6, List.of("synthetic"));
        });
        assertThat(coverage).isGreaterThanOrEqualTo(0.8);
    }

    /** Zhang et al. 2024 Table 4 (WMT14 En-De, model size): A = 1.2e5, alpha = 0.52, beta = 0.15, E = 0.75. */
    @Test
    void finetuneLawRecoversZhangTable4() {
        Map<String, Double> truth = Map.of("A", 1.2e5, "alpha", 0.52, "beta", 0.15, "E", 0.75);
        double coverage = coverage(new FinetuneLaw("N"), truth, (rng, trial) -> {
            List<Observation> finals = new ArrayList<>();
            for (double x : new double[] {1e6, 1e7, 1e8, 1e9}) {
                for (double df : new double[] {1e4, 1e5, 1e6, 1e7}) {
                    double loss = (1.2e5 * Math.pow(x, -0.52) * Math.pow(df, -0.15) + 0.75)
                            * Math.exp(0.01 * DistillationLawTest.gaussian(rng));
                    finals.add(new Observation("x" + x + "d" + df, x, df, 6 * x * df, loss));
                }
            }
            return new FitData(finals, List.of(), List.of(), 6, List.of("synthetic"));
        });
        assertThat(coverage).isGreaterThanOrEqualTo(0.8);
    }

    /** Hernandez et al. 2021, text to Python: k = 1.9e4, alpha = 0.18, beta = 0.38 (read from secondary sources). */
    @Test
    void transferLawRecoversHernandezConstants() {
        Map<String, Double> truth = Map.of("k", 1.9e4, "alpha", 0.18, "beta", 0.38);
        double coverage = coverage(new TransferLaw(), truth, (rng, trial) -> {
            List<Observation> finals = new ArrayList<>();
            for (double n : new double[] {1e5, 1e6, 1e7, 1e8}) {
                for (double df : new double[] {1e5, 1e6, 1e7}) {
                    double dt = 1.9e4 * Math.pow(df, 0.18) * Math.pow(n, 0.38)
                            * Math.exp(0.05 * DistillationLawTest.gaussian(rng));
                    finals.add(new Observation("n" + n + "d" + df, n, df, 6 * n * df, dt));
                }
            }
            return new FitData(finals, List.of(), List.of(), 6, List.of("synthetic"));
        });
        assertThat(coverage).isGreaterThanOrEqualTo(0.8);
    }

    /** The share of (trial, parameter) pairs whose truth lies inside the 95% bootstrap interval. */
    private static double coverage(ScalingLaw law, Map<String, Double> truth,
                                   BiFunction<SplittableRandom, Integer, FitData> draw) {
        int covered = 0;
        int total = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            FitData data = draw.apply(new SplittableRandom(1000 + trial), trial);
            Estimate full = law.fit(data);
            Bootstrap.Outcome boot = Bootstrap.run(law, data, full, RESAMPLES, trial, 0.95);
            for (Map.Entry<String, Double> t : truth.entrySet()) {
                double[] iv = boot.intervals().get(t.getKey());
                boolean in = iv[0] <= t.getValue() && t.getValue() <= iv[1];
                System.out.printf("%s trial %d: %s truth %.4g fit %.4g [%.4g, %.4g]%s%n", law.name(), trial,
                        t.getKey(), t.getValue(), full.value(t.getKey()), iv[0], iv[1], in ? "" : "  (missed)");
                covered += in ? 1 : 0;
                total++;
            }
        }
        return (double) covered / total;
    }
}
