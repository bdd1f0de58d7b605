package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The distillation fit's answer in words, one sentence per student size and budget, from the {@link TeacherChoice}
 * quantities in fit.json: the best teacher loss and whether distillation beats supervised training when the teacher
 * is free, when its inference is charged and when its pre-training is charged too. A verdict counts only when the
 * bootstrap interval of the gain (supervised minus distilled loss) excludes 0.
 */
public final class DistillationAnswer {

    private static final String PREFIX = "supervisedLoss@";

    private DistillationAnswer() {
    }

    public static List<String> sentences(FitResult fit) {
        List<String> out = new ArrayList<>();
        for (String key : fit.derived().keySet()) {
            if (!key.startsWith(PREFIX)) continue;
            String at = key.substring(PREFIX.length());
            // the bootstrap refits the distillation law with the supervised law held fixed, so this value has no
            // interval of its own: say so rather than print a zero-width one
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "student %s (N_S, budget C): supervised "
                    + "training reaches %.4g (the supervised law as fitted, held fixed in the resamples below)", at,
                    fit.derived().getOrDefault(key, Double.NaN)));
            for (TeacherChoice.Charge charge : TeacherChoice.Charge.values()) {
                String suffix = "." + charge + "@" + at;
                double gain = fit.derived().getOrDefault("gain" + suffix, Double.NaN);
                s.append(String.format(Locale.ROOT, "; %s: best teacher loss %s, student %s, %s",
                        describe(charge), shown(fit, "bestTeacherLoss" + suffix), shown(fit, "studentLoss" + suffix),
                        verdict(gain, fit.intervals().get("gain" + suffix))));
            }
            out.add(s.append('.').toString());
        }
        return out;
    }

    private static String describe(TeacherChoice.Charge charge) {
        return switch (charge) {
            case free -> "teacher free";
            case inference -> "teacher inference charged";
            case total -> "teacher inference and pre-training charged";
        };
    }

    private static String verdict(double gain, double[] interval) {
        if (Double.isNaN(gain)) return "no teacher fits the budget: supervised wins";
        boolean sure = interval == null ? gain != 0 : interval[0] > 0 || interval[1] < 0;
        String range = interval == null ? "" : String.format(Locale.ROOT, " [%.3g, %.3g]", interval[0], interval[1]);
        if (!sure) return String.format(Locale.ROOT, "neither wins clearly (gain %.3g nats%s)", gain, range);
        return (gain > 0 ? "distillation wins" : "supervised wins")
                + String.format(Locale.ROOT, " by %.3g nats (gain%s)", Math.abs(gain), range);
    }

    private static String shown(FitResult fit, String name) {
        double v = fit.derived().getOrDefault(name, Double.NaN);
        double[] iv = fit.intervals().get(name);
        if (Double.isNaN(v)) return "n/a";
        return iv == null ? String.format(Locale.ROOT, "%.4g", v)
                : String.format(Locale.ROOT, "%.4g [%.4g, %.4g]", v, iv[0], iv[1]);
    }
}
