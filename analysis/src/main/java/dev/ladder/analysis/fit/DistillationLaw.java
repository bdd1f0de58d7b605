package dev.ladder.analysis.fit;

import dev.ladder.analysis.optim.Lbfgs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The distillation scaling law of Busbridge et al. 2025 (Eq. 8):
 * L_S = L_T + L_T^(-c0) · (1 + (L_T/(L̃_S·d1))^(1/f1))^(-c1·f1) · (A/N_S^α + B/D_S^β)^γ,
 * with L_T the teacher's loss, L̃_S = L̃(N_S, D_S) the student's supervised loss from a given {@link SupervisedParams}
 * (their Eq. 1), N_S non-embedding parameters and D_S distillation tokens; every loss is cross-entropy against the
 * data. The observations are the students' final losses with their teachers' losses ({@link Observation#teacherLoss}).
 * Fitted as their appendix F does: the log form {@link DistillationForm}, summed Huber loss (δ = 1e-4) of log
 * residuals, L-BFGS from a grid of starts (2592 here, screened as {@link MultiStartFit.Screen#standard()}; their
 * 216,000-point grid is beyond a laptop's bootstrap). The supervised law is held fixed: bootstrap intervals carry the
 * distillation fit's uncertainty, not the supervised law's. Derived: {@link TeacherChoice} for each student size and
 * budget asked for.
 */
public final class DistillationLaw implements ScalingLaw {

    /** θ = [a, b, alpha, beta, gamma, c0, log c1, log f1, log d1]. */
    private static final int K = 9;

    private final SupervisedParams supervised;
    private final List<double[]> questions;

    /**
     * @param supervised the student's supervised law L̃(N, D)
     * @param questions  (N_S, C) pairs for which to answer which teacher is best and whether distillation wins
     */
    public DistillationLaw(SupervisedParams supervised, List<double[]> questions) {
        this.supervised = supervised;
        this.questions = questions.stream().map(double[]::clone).toList();
    }

    @Override
    public String name() {
        return "distillation";
    }

    @Override
    public String formula() {
        return "L_S = L_T + L_T^(-c0) * (1 + (L_T/(L~_S*d1))^(1/f1))^(-c1*f1) * (A/N^alpha + B/D^beta)^gamma, "
                + "L~_S(N, D) = " + g(supervised.e()) + " + (" + g(supervised.a()) + "/N^" + g(supervised.alpha())
                + " + " + g(supervised.b()) + "/D^" + g(supervised.beta()) + ")^" + g(supervised.gamma());
    }

    /** Five significant digits without trailing zeros. */
    private static String g(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(5)).stripTrailingZeros()
                .toPlainString();
    }

    /** The supervised law the fit uses for L̃_S. */
    public SupervisedParams supervised() {
        return supervised;
    }

    /** 3·3·2·2·2·3·3·2·2 = 2592 starts over θ. */
    public static List<double[]> grid() {
        return MultiStartFit.grid(new double[] {0, 4, 8}, new double[] {0, 4, 8}, new double[] {0.3, 0.9},
                new double[] {0.3, 0.9}, new double[] {0.5, 1}, new double[] {0, 1, 2.5},
                new double[] {0, 3, 6}, new double[] {Math.log(0.09), Math.log(0.5)}, new double[] {0, 0.3});
    }

    @Override
    public Estimate fit(FitData data) {
        HuberObjective objective = objective(data);
        return estimate(MultiStartFit.minimize(objective, grid(), MultiStartFit.Screen.standard(), true), data);
    }

    @Override
    public Estimate refit(FitData data, Estimate full) {
        HuberObjective objective = objective(data);
        List<double[]> near = new ArrayList<>();
        near.add(full.state());
        double[][] nudges = {{0.5, 0.5, 0.05, 0.05, 0.05, 0.2, 0.5, 0.3, 0.05},
            {-0.5, -0.5, -0.05, -0.05, -0.05, -0.2, -0.5, -0.3, -0.05}};
        for (double[] nudge : nudges) {
            double[] start = full.state();
            for (int i = 0; i < K; i++) start[i] += nudge[i];
            near.add(start);
        }
        return estimate(MultiStartFit.minimize(objective, near, Lbfgs.Settings.tight(), false), data);
    }

    /**
     * L̂_S by Eq. 8 at each student's N_S, D_S and teacher loss, with the supervised law held fixed, so that a
     * distillation grid (students x teachers, fixed by design) can be bootstrapped over residuals.
     */
    @Override
    public Optional<double[]> fittedLosses(FitData data, Estimate full) {
        double[] theta = full.state();
        return Optional.of(data.finals().stream().mapToDouble(o -> DistillationForm.studentLoss(theta, o.params(),
                o.tokens(), o.teacherLoss(), supervised.loss(o.params(), o.tokens()))).toArray());
    }

    private HuberObjective objective(FitData data) {
        List<Observation> students = data.finals();
        ScalingLaw.requireRuns(name(), 10, K, students.size());
        int n = students.size();
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        double[] y = new double[n];
        double[] teacher = new double[n];
        double[] sup = new double[n];
        for (int i = 0; i < n; i++) {
            Observation o = students.get(i);
            if (!(o.teacherLoss() > 0)) {
                throw new FitRefusedException(name() + ": run " + o.runId() + " has no teacher loss");
            }
            x1[i] = Math.log(o.params());
            x2[i] = Math.log(o.tokens());
            y[i] = Math.log(o.loss());
            teacher[i] = Math.log(o.teacherLoss());
            sup[i] = Math.log(supervised.loss(o.params(), o.tokens()));
        }
        if (Arrays.stream(teacher).distinct().count() < 2) {
            throw new FitRefusedException(name() + ": needs students of \u2265 2 different teacher losses, got "
                    + Arrays.stream(teacher).distinct().count());
        }
        double[] weights = new double[n];
        Arrays.fill(weights, 1);
        return new HuberObjective(new DistillationForm(teacher, sup), x1, x2, y, weights, SupervisedLaw.DELTA);
    }

    private Estimate estimate(Lbfgs.Result best, FitData data) {
        double[] t = best.point();
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put("A", Math.exp(t[0]));
        parameters.put("B", Math.exp(t[1]));
        parameters.put("alpha", t[2]);
        parameters.put("beta", t[3]);
        parameters.put("gamma", t[4]);
        parameters.put("c0", t[5]);
        parameters.put("c1", Math.exp(t[6]));
        parameters.put("f1", Math.exp(t[7]));
        parameters.put("d1", Math.exp(t[8]));
        Map<String, Double> derived = new LinkedHashMap<>();
        for (double[] q : questions) {
            derived.putAll(TeacherChoice.derived(t, supervised, q[0], q[1], data.flopsPerParamToken()));
        }
        return new Estimate(parameters, derived, best.value(), Optional.empty(), t);
    }

    /** θ from fitted parameters (as in fit.json), for {@link DistillationForm#studentLoss} in plots. */
    public static double[] theta(Map<String, Double> p) {
        return new double[] {Math.log(p.get("A")), Math.log(p.get("B")), p.get("alpha"), p.get("beta"),
            p.get("gamma"), p.get("c0"), Math.log(p.get("c1")), Math.log(p.get("f1")), Math.log(p.get("d1"))};
    }
}
