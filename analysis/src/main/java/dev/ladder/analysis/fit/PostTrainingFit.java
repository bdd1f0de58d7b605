package dev.ladder.analysis.fit;

import dev.ladder.analysis.run.RunData;
import dev.ladder.data.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fits a post-training law ({@link PostTrainingCsv.Layout}: distillation, finetune, transfer) to run directories or
 * to a CSV's observations. Distillation needs the student's supervised law: given ({@code --supervised}), or fitted
 * here ({@link SupervisedLaw}, N non-embedding, kaplan FLOPs) to the supervised runs among the inputs, in which case
 * that fit comes first in the outcome.
 */
public final class PostTrainingFit {

    /** At most this many student sizes get a {@link TeacherChoice} answer (the smallest, median and largest). */
    private static final int MAX_QUESTION_SIZES = 3;

    private PostTrainingFit() {
    }

    /** From run directories (see {@link PostTrainingRuns} for what is read). */
    public static FitPipeline.Outcome fromRuns(PostTrainingCsv.Layout law, List<RunData> runs,
                                               Optional<SupervisedParams> supervised, PostTrainingRuns.FinetuneX x,
                                               List<Double> budgets, boolean includeWarmup,
                                               FitPipeline.Settings settings) {
        return switch (law) {
            case distillation -> {
                FitData students = PostTrainingRuns.students(runs);
                List<FitPipeline.Fitted> fitted = new ArrayList<>();
                SupervisedParams s;
                if (supervised.isPresent()) {
                    s = supervised.get();
                } else {
                    FitData plain = RunObservations.from(PostTrainingRuns.supervisedFor(runs),
                            ParamCount.nonEmbedding, FlopCount.kaplan, includeWarmup);
                    FitPipeline.Fitted sup;
                    try {
                        sup = FitPipeline.fitted(new SupervisedLaw(Budgets.beyond(plain)), plain,
                                conventions("nonEmbedding", plain.flopsPerParamToken(), SupervisedLaw.DELTA),
                                settings);
                    } catch (FitRefusedException e) {
                        throw new FitRefusedException("distillation: the students' supervised law from the "
                                + "supervised runs among the inputs: " + e.getMessage() + "; or give --supervised");
                    }
                    fitted.add(sup);
                    s = SupervisedParams.of(sup.result().parameters());
                }
                fitted.add(distillation(students, s, budgets, "nonEmbedding", settings));
                yield new FitPipeline.Outcome(fitted, List.of());
            }
            case finetune -> one(new FinetuneLaw(x == PostTrainingRuns.FinetuneX.params ? "N" : "Dp"),
                    PostTrainingRuns.finetuned(runs, x), "parent's " + (x == PostTrainingRuns.FinetuneX.params
                    ? "nonEmbedding" : "pre-training tokens"), HuberObjective.CHINCHILLA_DELTA, settings);
            case transfer -> one(new TransferLaw(), PostTrainingRuns.transferred(runs), "nonEmbedding",
                    TransferLaw.DELTA, settings);
        };
    }

    /** From a CSV read by {@link PostTrainingCsv}; distillation needs {@code supervised}. */
    public static FitPipeline.Outcome fromCsv(PostTrainingCsv.Layout law, FitData data, String paramsColumn,
                                              Optional<SupervisedParams> supervised, List<Double> budgets,
                                              FitPipeline.Settings settings) {
        return switch (law) {
            case distillation -> {
                SupervisedParams s = supervised.orElseThrow(() -> new InvalidInputException("fit --law distillation "
                        + "--csv: --supervised is missing; needed: a fit.json of the student's supervised law or "
                        + "E=..,A=..,B=..,alpha=..,beta=..,gamma=.."));
                yield new FitPipeline.Outcome(List.of(distillation(data, s, budgets, paramsColumn, settings)),
                        List.of());
            }
            case finetune -> one(new FinetuneLaw("column " + paramsColumn), data, paramsColumn,
                    HuberObjective.CHINCHILLA_DELTA, settings);
            case transfer -> one(new TransferLaw(), data, paramsColumn, TransferLaw.DELTA, settings);
        };
    }

    private static FitPipeline.Outcome one(ScalingLaw law, FitData data, String params, double delta,
                                           FitPipeline.Settings settings) {
        return new FitPipeline.Outcome(List.of(FitPipeline.fitted(law, data, conventions(params,
                data.flopsPerParamToken(), delta), settings)), List.of());
    }

    private static FitPipeline.Fitted distillation(FitData students, SupervisedParams s, List<Double> budgets,
                                                   String params, FitPipeline.Settings settings) {
        DistillationLaw law = new DistillationLaw(s, questions(students, budgets));
        return FitPipeline.fitted(law, students, conventions(params, students.flopsPerParamToken(),
                SupervisedLaw.DELTA), settings);
    }

    /**
     * The (N_S, C) pairs the fit answers for: the smallest, median and largest student size in the data, at each
     * given budget, or at the largest student compute k·N_S·D_S in the data.
     */
    static List<double[]> questions(FitData students, List<Double> budgets) {
        double[] sizes = students.finals().stream().mapToDouble(Observation::params).distinct().sorted().toArray();
        if (sizes.length > MAX_QUESTION_SIZES) {
            sizes = new double[] {sizes[0], sizes[sizes.length / 2], sizes[sizes.length - 1]};
        }
        double k = students.flopsPerParamToken();
        List<Double> flops = !budgets.isEmpty() ? budgets : students.finals().stream()
                .map(o -> k * o.params() * o.tokens()).max(Double::compare).map(List::of).orElse(List.of());
        List<double[]> out = new ArrayList<>();
        for (double n : sizes) {
            for (double c : flops) out.add(new double[] {n, c});
        }
        return out;
    }

    private static Conventions conventions(String params, double k, double delta) {
        return new Conventions(params, "kaplan", k, true, delta, null, null, List.of());
    }
}
