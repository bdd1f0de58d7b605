package dev.ladder.analysis.report;

import dev.ladder.analysis.fit.Budgets;
import dev.ladder.analysis.fit.Conventions;
import dev.ladder.analysis.fit.FitData;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.FitRefusedException;
import dev.ladder.analysis.fit.HuberObjective;
import dev.ladder.analysis.fit.PostTrainingCsv;
import dev.ladder.analysis.fit.PostTrainingFit;
import dev.ladder.analysis.fit.PostTrainingRuns;
import dev.ladder.analysis.fit.RunObservations;
import dev.ladder.analysis.fit.ScalingLaw;
import dev.ladder.analysis.plot.Figure;
import dev.ladder.analysis.plot.Plot;
import dev.ladder.analysis.plot.PlotInput;
import dev.ladder.analysis.run.RunData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes a ladder's report: fits the laws to the runs (the same {@link FitPipeline} as {@code ladder fit}), draws every
 * {@link Plot}, and writes fit.json, the figures' PNG and CSV files and report.html into one folder.
 */
public final class LadderReport {

    /** Runs with a final loss that approach 3 needs beside the held-out ones (5 parameters). */
    public static final int MIN_TRAINING_RUNS = 5;

    /**
     * The fitted ladder a report shows.
     *
     * @param holdoutSkipped why the extrapolation check was not run although asked for; empty when it ran or was
     *                       not asked for
     */
    public record Fitting(PlotInput input, Conventions conventions, ReportSettings settings,
                          Optional<String> holdoutSkipped) {
    }

    /** What a report wrote. */
    public record Written(Path html, Path fitJson, List<Figure> figures) {

        public Written {
            figures = List.copyOf(figures);
        }
    }

    private LadderReport() {
    }

    /**
     * Fits the laws to the runs.
     *
     * @param laws the laws to fit at the given budgets, e.g. {@code b -> LawChoice.all.laws(b, null)}
     */
    public static Fitting fit(List<RunData> runs, ReportSettings settings, Function<Budgets, List<ScalingLaw>> laws) {
        FitData data = RunObservations.from(runs, settings.params(), settings.flops(), settings.includeWarmup());
        int finals = data.finals().size();
        int holdout = settings.holdout();
        Optional<String> skipped = Optional.empty();
        if (holdout > 0 && finals < holdout + MIN_TRAINING_RUNS) {
            skipped = Optional.of("holding out " + holdout + " runs needs \u2265 " + (holdout + MIN_TRAINING_RUNS)
                    + " runs with a final loss, got " + finals);
            holdout = 0;
        }
        Conventions conventions = Conventions.of(settings.params().name(), settings.flops().name(),
                !settings.includeWarmup(), data);
        FitPipeline.Outcome outcome = FitPipeline.runFitted(laws.apply(Budgets.beyond(data)), data, conventions,
                new FitPipeline.Settings(settings.bootstrap(), settings.bootstrapMethod(), settings.seed(), holdout,
                        settings.level()));
        List<FitPipeline.Fitted> fitted = new ArrayList<>(outcome.fitted());
        List<String> refused = new ArrayList<>(outcome.refused());
        postTraining(runs, settings, fitted, refused);
        PlotInput input = new PlotInput(runs, data, fitted, refused, settings.params(),
                settings.flops(), settings.level());
        return new Fitting(input, conventions, settings, skipped);
    }

    /**
     * Adds the post-training laws the runs call for (run.json {@code parents}): distillation (with the students'
     * supervised law fitted to the supervised runs) when some run has a teacher, fine-tuning and transfer when some
     * run has a pretrained parent. A law the data cannot support is listed as refused.
     */
    private static void postTraining(List<RunData> runs, ReportSettings settings, List<FitPipeline.Fitted> fitted,
                                     List<String> refused) {
        List<PostTrainingCsv.Layout> laws = new ArrayList<>();
        if (runs.stream().anyMatch(r -> r.info().parents() != null && r.info().parents().teacher() != null)) {
            laws.add(PostTrainingCsv.Layout.distillation);
        }
        if (runs.stream().anyMatch(r -> r.info().parents() != null && r.info().parents().pretrained() != null)) {
            laws.add(PostTrainingCsv.Layout.finetune);
            laws.add(PostTrainingCsv.Layout.transfer);
        }
        FitPipeline.Settings fit = new FitPipeline.Settings(settings.bootstrap(), settings.bootstrapMethod(),
                settings.seed(), 0,
                settings.level());
        for (PostTrainingCsv.Layout law : laws) {
            try {
                fitted.addAll(PostTrainingFit.fromRuns(law, runs, Optional.empty(), PostTrainingRuns.FinetuneX.params,
                        List.of(), settings.includeWarmup(), fit).fitted());
            } catch (FitRefusedException e) {
                refused.add(e.getMessage());
            }
        }
    }

    /** Writes fit.json, every figure and report.html into {@code out} (created if needed). */
    public static Written write(Fitting fitting, Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
        Path fitJson = out.resolve("fit.json");
        PlotInput input = fitting.input();
        new FitPipeline.Outcome(input.fitted(), input.refused()).report().write(fitJson);
        List<Figure> figures = new ArrayList<>();
        for (Plot plot : Plot.forRuns(input.runs())) figures.add(plot.draw(input, out));
        Path html = out.resolve("report.html");
        try {
            Files.writeString(html, ReportPage.render(fitting, figures), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + html, e);
        }
        return new Written(html, fitJson, figures);
    }
}
