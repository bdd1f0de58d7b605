package dev.ladder.analysis.fit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the fitted distillation law says about one student size N_S and one compute budget C (Busbridge et al. 2025,
 * §5 and Eq. 9): the best teacher loss L_T and the student loss it gives, against training the same student on the
 * data alone (supervised), in three cases of what the budget pays for:
 * <ul>
 *   <li>{@code free}: the teacher costs nothing (it exists and serves many students); the student gets
 *       D_S = C/(k·N_S) tokens;</li>
 *   <li>{@code inference}: the teacher's forward passes on the distillation tokens are charged, F(N_T) = k·N_T/3 per
 *       token: D_S = C/(k·N_S + k·N_T/3);</li>
 *   <li>{@code total}: the teacher's pre-training C_T is charged too: D_S = (C - C_T)/(k·N_S + k·N_T/3).</li>
 * </ul>
 * A teacher of loss L_T is the cheapest one the student's supervised law allows: on L̃(N_T, D_T) = L_T, the
 * compute-optimal point α·A/N_T^α = β·B/D_T^β, so R = (L_T - E)^(1/γ), N_T = (A(α+β)/(βR))^(1/α),
 * D_T = (B(α+β)/(αR))^(1/β), C_T = k·N_T·D_T. L_T is searched on a log grid from max(E, L̃_S/4) to 2·d1·L̃_S.
 * k is the fit's FLOPs per parameter-token (6 for 6ND).
 */
public final class TeacherChoice {

    /** What the budget pays for. */
    public enum Charge { free, inference, total }

    /** The best teacher for one case; NaN losses when no teacher fits the budget. */
    public record Best(double teacherLoss, double teacherParams, double studentTokens, double studentLoss) {
    }

    private static final int GRID = 801;

    private TeacherChoice() {
    }

    /** Student loss under the law θ, for a teacher of loss L_T (any teacher, cost aside). */
    public static double studentLoss(double[] theta, SupervisedParams supervised, double params, double tokens,
                                     double teacherLoss) {
        return DistillationForm.studentLoss(theta, params, tokens, teacherLoss, supervised.loss(params, tokens));
    }

    /** The best teacher for a student of N_S parameters on budget C, charging as {@code charge} says. */
    public static Best best(double[] theta, SupervisedParams s, double params, double flops, double k,
                            Charge charge) {
        double freeTokens = flops / (k * params);
        double supervisedLoss = s.loss(params, freeTokens);
        double d1 = Math.exp(theta[8]);
        double lo = Math.max(s.e() * (1 + 1e-9), supervisedLoss / 4);
        double hi = Math.max(2 * d1 * supervisedLoss, lo * 1.01);
        Best best = new Best(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        for (int i = 0; i < GRID; i++) {
            double teacherLoss = lo * Math.pow(hi / lo, i / (GRID - 1.0));
            double[] teacher = cheapestTeacher(s, teacherLoss, k);
            double tokens = switch (charge) {
                case free -> freeTokens;
                case inference -> flops / (k * params + k * teacher[0] / 3);
                case total -> (flops - teacher[2]) / (k * params + k * teacher[0] / 3);
            };
            if (!(tokens > 0) || !Double.isFinite(tokens)) continue;
            double loss = studentLoss(theta, s, params, tokens, teacherLoss);
            if (Double.isFinite(loss) && (Double.isNaN(best.studentLoss()) || loss < best.studentLoss())) {
                best = new Best(teacherLoss, teacher[0], tokens, loss);
            }
        }
        return best;
    }

    /** [N_T, D_T, C_T] of the cheapest teacher reaching loss L_T under the supervised law; infinite below E. */
    public static double[] cheapestTeacher(SupervisedParams s, double teacherLoss, double k) {
        double r = Math.pow(teacherLoss - s.e(), 1 / s.gamma());
        if (!(r > 0)) return new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY};
        double sum = s.alpha() + s.beta();
        double n = Math.pow(s.a() * sum / (s.beta() * r), 1 / s.alpha());
        double d = Math.pow(s.b() * sum / (s.alpha() * r), 1 / s.beta());
        return new double[] {n, d, k * n * d};
    }

    /** The name of a derived quantity for student size N and budget C, e.g. {@code bestTeacherLoss@N=1.0e+06,C=..}. */
    public static String key(String quantity, double params, double flops) {
        return String.format(Locale.ROOT, "%s@N=%.2e,C=%.2e", quantity, params, flops);
    }

    /**
     * The derived quantities of fit.json for one student and budget: supervisedLoss, and per case
     * bestTeacherLoss.CASE, teacherParams.CASE (not for free), studentLoss.CASE and gain.CASE (supervised minus
     * distilled loss: positive when distillation wins).
     */
    public static Map<String, Double> derived(double[] theta, SupervisedParams s, double params, double flops,
                                              double k) {
        Map<String, Double> out = new LinkedHashMap<>();
        double supervisedLoss = s.loss(params, flops / (k * params));
        out.put(key("supervisedLoss", params, flops), supervisedLoss);
        for (Charge charge : Charge.values()) {
            Best b = best(theta, s, params, flops, k, charge);
            out.put(key("bestTeacherLoss." + charge, params, flops), b.teacherLoss());
            if (charge != Charge.free) out.put(key("teacherParams." + charge, params, flops), b.teacherParams());
            out.put(key("studentLoss." + charge, params, flops), b.studentLoss());
            out.put(key("gain." + charge, params, flops), supervisedLoss - b.studentLoss());
        }
        return out;
    }
}
