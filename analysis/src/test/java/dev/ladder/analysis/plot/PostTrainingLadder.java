package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.DistillationLaw;
import dev.ladder.analysis.fit.SupervisedParams;
import dev.ladder.analysis.fit.TeacherChoice;
import dev.ladder.analysis.run.PostTrainingFixtures;
import dev.ladder.data.runlog.RunSummary;
import java.nio.file.Path;
import java.util.Map;

/**
 * A post-training ladder on disk, noise-free, in one folder so parents resolve: 9 supervised runs on the source
 * corpus (3 sizes x 3 budgets, losses from {@link #SUPERVISED}), 16 distillation students of 4 of them (losses from
 * Eq. 8 with {@link #THETA}), and for each of the 3 sizes a from-scratch control on the target corpus (a 25-eval curve
 * L = 1.2 + 30/N^0.35 + 20/D^0.3) and 3 fine-tuned runs whose loss is the control's at D_F + D_T, with
 * D_T = 20·D_F^0.2·N^0.4: so transfer's truth is k = 20, alpha = 0.2, beta = 0.4 (up to reading D_E off the curve).
 */
public final class PostTrainingLadder {

    public static final String SOURCE = "synthetic:default";
    public static final String TARGET = "synthetic:target";
    public static final SupervisedParams SUPERVISED = new SupervisedParams(1.0, 30, 20, 0.35, 0.3, 1.0);
    public static final double[] THETA = DistillationLaw.theta(Map.of("A", 30.0, "B", 20.0, "alpha", 0.35,
            "beta", 0.3, "gamma", 1.0, "c0", 2.5, "c1", 3.0, "f1", 0.5, "d1", 1.2));
    private static final int[] WIDTHS = {32, 48, 64};
    private static final long[] SIZES = {25_000, 57_000, 100_000};

    private PostTrainingLadder() {
    }

    /** Writes the ladder into {@code root}/post and returns that folder. */
    public static Path write(Path root) {
        Path ladder = root.resolve("post");
        for (int s = 0; s < SIZES.length; s++) {
            for (long tokens : new long[] {100_000, 1_000_000, 10_000_000}) {
                PostTrainingFixtures.finalOnly(ladder, "sup-" + SIZES[s] + "-" + tokens, WIDTHS[s], SIZES[s], SOURCE,
                        null, tokens, SUPERVISED.loss(SIZES[s], tokens));
            }
        }
        String[] teachers = {"sup-25000-100000", "sup-57000-1000000", "sup-100000-1000000", "sup-100000-10000000"};
        for (long n : new long[] {5_000, 10_000}) {
            for (long d : new long[] {100_000, 1_000_000}) {
                for (String teacher : teachers) {
                    String[] parts = teacher.split("-");
                    double lt = SUPERVISED.loss(Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
                    PostTrainingFixtures.finalOnly(ladder, "student-" + n + "-" + d + "-" + teacher, 16, n, SOURCE,
                            PostTrainingFixtures.taughtBy(teacher), d,
                            TeacherChoice.studentLoss(THETA, SUPERVISED, n, d, lt));
                }
            }
        }
        for (int s = 0; s < SIZES.length; s++) {
            long n = SIZES[s];
            long[] tokens = new long[25];
            double[] losses = new double[25];
            for (int i = 0; i < 25; i++) {
                tokens[i] = Math.round(1000 * Math.pow(10, i / 6.0));
                losses[i] = scratch(n, tokens[i]);
            }
            PostTrainingFixtures.write(ladder, "scratch-" + n, WIDTHS[s], n, TARGET, null,
                    RunSummary.Status.COMPLETED, tokens, losses);
            for (long df : new long[] {2_000, 10_000, 50_000}) {
                double dt = 20 * Math.pow(df, 0.2) * Math.pow(n, 0.4);
                PostTrainingFixtures.finalOnly(ladder, "ft-" + n + "-" + df, WIDTHS[s], n, TARGET,
                        PostTrainingFixtures.pretrainedBy("sup-" + n + "-10000000"), df, scratch(n, df + dt));
            }
        }
        return ladder;
    }

    /** The from-scratch loss on the target corpus. */
    public static double scratch(double n, double tokens) {
        return 1.2 + 30 / Math.pow(n, 0.35) + 20 / Math.pow(tokens, 0.3);
    }
}
