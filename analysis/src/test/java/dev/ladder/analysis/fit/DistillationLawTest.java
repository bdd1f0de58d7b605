package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Busbridge et al. 2025's distillation law: published constants, the log form, recovery, the teacher question. */
class DistillationLawTest {

    /** Busbridge et al. 2025, Table 6 (distillation, 697 runs). */
    static Map<String, Double> table6() {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("A", 2243.0);
        p.put("B", 24181.0);
        p.put("alpha", 0.321);
        p.put("beta", 0.637);
        p.put("gamma", 0.764);
        p.put("c0", 2.549);
        p.put("c1", 522.6);
        p.put("f1", 0.090);
        p.put("d1", 1.315);
        return p;
    }

    /**
     * Expected values computed independently with python3 (plain floats, Eq. 1 and Eq. 8 as printed, no log form):
     * sup = E + (A/N**a + B/D**b)**g; LS = LT + LT**-c0 * (1 + (LT/(sup*d1))**(1/f1))**(-c1*f1) * (A'/N**a' +
     * B'/D**b')**g' with Table 6's constants, on 2026-11-29.
     */
    @Test
    void table6ConstantsGiveTheHandComputedLosses() {
        double[] theta = DistillationLaw.theta(table6());
        SupervisedParams s = SupervisedParams.BUSBRIDGE_TABLE6;
        double[][] points = {
            {1e9, 2e10, 2.0, 2.3746922483534956, 2.276810580750949},
            {1e9, 2e10, 2.5, 2.3746922483534956, 2.5048158743942013},
            {3e8, 1e10, 2.3, 2.6056022612972236, 2.5077799062549357},
            {3e9, 1e11, 1.9, 2.1169942789688254, 2.0716704221297113},
            {1e8, 5e9, 3.0, 2.8699044969471963, 3.007032166473925},
        };
        for (double[] p : points) {
            assertThat(s.loss(p[0], p[1])).isCloseTo(p[3], within(1e-12));
            assertThat(TeacherChoice.studentLoss(theta, s, p[0], p[1], p[2])).isCloseTo(p[4], within(1e-12));
            double[] logLoss = new double[1];
            new DistillationForm(new double[] {Math.log(p[2])}, new double[] {Math.log(p[3])}).evaluate(theta,
                    new double[] {Math.log(p[0])}, new double[] {Math.log(p[1])}, logLoss, new double[9]);
            assertThat(logLoss[0]).isCloseTo(Math.log(p[4]), within(1e-12));
        }
    }

    @Test
    void analyticJacobianMatchesFiniteDifferences() {
        double[] theta = DistillationLaw.theta(table6());
        theta[7] = Math.log(0.4);
        double[] lt = {Math.log(1.9), Math.log(2.4), Math.log(3.1)};
        double[] ls = {Math.log(2.2), Math.log(2.3), Math.log(2.5)};
        double[] x1 = {Math.log(1e8), Math.log(1e9), Math.log(3e9)};
        double[] x2 = {Math.log(1e9), Math.log(2e10), Math.log(1e11)};
        FormCheck.jacobian(new DistillationForm(lt, ls), theta, x1, x2);
        FormCheck.jacobian(new SupervisedForm(), new double[] {8.1, 9.8, 0.2, 0.41, 0.43, 0.45}, x1, x2);
        FormCheck.jacobian(new FinetuneForm(), new double[] {11.7, -0.3, 0.52, 0.15}, x1, x2);
        FormCheck.jacobian(new TransferForm(), new double[] {9.9, 0.18, 0.38}, x1, x2);
    }

    /** Moderate truth (a smooth capacity gap, so every constant is identified) at Busbridge's scale. */
    static final double[] TRUTH = DistillationLaw.theta(Map.of("A", 2243.0, "B", 24181.0, "alpha", 0.321,
            "beta", 0.637, "gamma", 0.764, "c0", 2.549, "c1", 6.0, "f1", 0.5, "d1", 1.315));

    /** Students at 4 sizes x 3 budgets x 6 teachers, losses from TRUTH with log-normal noise of sd {@code noise}. */
    static FitData students(double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        SupervisedParams s = SupervisedParams.BUSBRIDGE_TABLE6;
        List<Observation> finals = new ArrayList<>();
        double[] teachers = {1.7, 1.9, 2.1, 2.3, 2.6, 3.0};
        for (double n : new double[] {1e7, 1e8, 1e9, 1e10}) {
            for (double tpp : new double[] {2, 20, 200}) {
                for (double lt : teachers) {
                    double d = tpp * n;
                    double loss = TeacherChoice.studentLoss(TRUTH, s, n, d, lt)
                            * Math.exp(noise * gaussian(rng));
                    finals.add(new Observation("n" + n + "-d" + d + "-t" + lt, n, d, 6 * n * d, loss, lt));
                }
            }
        }
        return new FitData(finals, List.of(), List.of(), 6, List.of("synthetic"));
    }

    static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Test
    void recoversKnownConstantsWithIntervalsThatHoldTheTruth() {
        DistillationLaw law = new DistillationLaw(SupervisedParams.BUSBRIDGE_TABLE6, List.of(new double[] {1e9,
            6 * 1e9 * 2e10}));
        String[] names = {"A", "B", "alpha", "beta", "gamma", "c0", "c1", "f1", "d1"};
        int covered = 0;
        int total = 0;
        for (int trial = 0; trial < 3; trial++) {
            FitData data = students(1e-4, 100 + trial);
            Estimate full = law.fit(data);
            Bootstrap.Outcome boot = Bootstrap.run(law, data, full, 50, trial, 0.95);
            for (int i = 0; i < names.length; i++) {
                double truth = i < 2 || i > 5 ? Math.exp(TRUTH[i]) : TRUTH[i];
                double[] iv = boot.intervals().get(names[i]);
                System.out.printf("distillation trial %d: %s truth %.4g fit %.4g [%.4g, %.4g]%n", trial, names[i], truth,
                        full.value(names[i]), iv[0], iv[1]);
                if (iv[0] <= truth && truth <= iv[1]) covered++;
                total++;
            }
        }
        assertThat((double) covered / total).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void aStudentsByTeachersGridIsBootstrappedOverResiduals() {
        DistillationLaw law = new DistillationLaw(SupervisedParams.BUSBRIDGE_TABLE6, List.of());
        FitData data = students(1e-4, 7);
        Estimate full = law.fit(data);
        double[] fitted = law.fittedLosses(data, full).orElseThrow();
        for (int i = 0; i < fitted.length; i++) {
            Observation o = data.finals().get(i);
            assertThat(fitted[i]).as("Eq. 8 at the student's own teacher loss").isCloseTo(TeacherChoice.studentLoss(
                    full.state(), SupervisedParams.BUSBRIDGE_TABLE6, o.params(), o.tokens(), o.teacherLoss()),
                    within(1e-12));
        }
        Bootstrap.Outcome boot = Bootstrap.run(law, data, full, Bootstrap.Method.residuals, 50, 1, 0.95);
        assertThat(boot.method()).isEqualTo(Bootstrap.Method.residuals);
        String[] names = {"A", "B", "alpha", "beta", "gamma", "c0", "c1", "f1", "d1"};
        int covered = 0;
        for (int i = 0; i < names.length; i++) {
            double truth = i < 2 || i > 5 ? Math.exp(TRUTH[i]) : TRUTH[i];
            double[] iv = boot.intervals().get(names[i]);
            if (iv[0] <= truth && truth <= iv[1]) covered++;
        }
        assertThat(covered).as("constants inside their residual-bootstrap intervals").isGreaterThanOrEqualTo(7);
    }
}
