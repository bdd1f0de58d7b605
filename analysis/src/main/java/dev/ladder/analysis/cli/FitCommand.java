package dev.ladder.analysis.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ladder.analysis.fit.Budgets;
import dev.ladder.analysis.fit.Conventions;
import dev.ladder.analysis.fit.CsvObservations;
import dev.ladder.analysis.fit.DistillationAnswer;
import dev.ladder.analysis.fit.FitData;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.FitReport;
import dev.ladder.analysis.fit.FitResult;
import dev.ladder.analysis.fit.FloorComparison;
import dev.ladder.analysis.fit.FlopCount;
import dev.ladder.analysis.fit.ParamCount;
import dev.ladder.analysis.fit.PostTrainingCsv;
import dev.ladder.analysis.fit.PostTrainingFit;
import dev.ladder.analysis.fit.PostTrainingRuns;
import dev.ladder.analysis.fit.RunObservations;
import dev.ladder.analysis.fit.SupervisedParams;
import dev.ladder.analysis.run.RunData;
import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.cli.OutputPaths;
import dev.ladder.data.runlog.RunJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ladder fit}: fits scaling laws to run directories or a CSV and writes fit.json. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        header = "Fit scaling laws to run logs or a CSV; write fit.json and print a table.",
        description = {"", "Reads run directories (a run, a ladder folder or a runs root) or any CSV, fits the laws "
                + "with bootstrap intervals, and writes fit.json (parameters, intervals, conventions, runs used and "
                + "excluded with reasons, seed, inputs).", ""})
public final class FitCommand implements Callable<Integer> {

    /** Confidence level of the bootstrap intervals. */
    static final double LEVEL = 0.95;

    @Parameters(paramLabel = "RUNS", arity = "0..*", description = "Run directories, ladder folders or runs roots.")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--csv", paramLabel = "FILE", description = "Fit this CSV instead of run directories.")
    Path csv;

    @Option(names = "--columns", split = ",", paramLabel = "KEY=COLUMN",
            description = "CSV columns: N=..., loss=..., and D=... and/or C=...; optional run=... (one curve per run). "
                    + "Distillation: N, D, teacherLoss, loss; finetune: X, Df, loss; transfer: N, Df, Dt.")
    Map<String, String> columns = new LinkedHashMap<>();

    @Option(names = "--law", defaultValue = "all", description = "Law to fit: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}).")
    LawChoice law;

    @Option(names = "--budgets", split = ",", paramLabel = "C",
            description = "FLOP budgets for N_opt, D_opt and predicted loss (default: the largest C, 10x, 100x).")
    List<Double> budgets = new ArrayList<>();

    @Option(names = "--unique-tokens", paramLabel = "U_D",
            description = "Distinct training tokens, for the data-constrained law (runs that repeat data).")
    Double uniqueTokens;

    @Option(names = "--supervised", paramLabel = "FILE|E=..,A=..,B=..,alpha=..,beta=..,gamma=..",
            description = "Distillation: the student's supervised law, a fit.json of --law supervised or its six "
                    + "constants (default with RUNS: fitted to the supervised runs among them).")
    String supervised;

    @Option(names = "--finetune-x", defaultValue = "params",
            description = "Fine-tuning law from RUNS: X is the pretrained parent's ${COMPLETION-CANDIDATES} "
                    + "(non-embedding parameters or pre-training tokens; default: ${DEFAULT-VALUE}).")
    PostTrainingRuns.FinetuneX finetuneX;

    @Option(names = "--json", description = "Print fit.json to standard output instead of the table (and write no"
            + " file unless --out is given).")
    boolean json;

    @Mixin
    FitOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        checkOptions();
        PrintWriter stderr = spec.commandLine().getErr();
        List<RunData> read = csv != null ? List.of() : RunWarnings.print(RunReader.read(runs), stderr);
        FitReport report = law.postTraining().isPresent() ? postTraining(law.postTraining().get(), read)
                : preTraining(read);
        PrintWriter stdout = spec.commandLine().getOut();
        Path file = json && options.out == null ? null
                : options.outFolder(csv != null ? csv : runs.get(0)).resolve("fit.json");
        if (file != null) report.write(file);
        if (json) {
            stdout.println(RunJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            stdout.print(FitTable.format(report));
            for (FitResult fit : report.fits()) {
                if (fit.law().equals("distillation")) {
                    stdout.println("what the distillation law says, per student size at its budget:");
                    DistillationAnswer.sentences(fit).forEach(line -> stdout.println("  " + line));
                }
            }
            floors(read, report, stdout);
            stdout.println("wrote " + file);
        }
        stdout.flush();
        return 0;
    }

    private FitReport preTraining(List<RunData> read) {
        FitData data = csv != null ? CsvObservations.read(csv, columns)
                : RunObservations.from(read, options.params, options.flops, options.includeWarmup);
        Budgets chosen = budgets.isEmpty() ? Budgets.beyond(data) : new Budgets(budgets);
        return FitPipeline.run(law.laws(chosen, uniqueTokens), data, conventions(data),
                new FitPipeline.Settings(options.bootstrap, options.bootstrapMethod, options.seed, options.holdout,
                        LEVEL));
    }

    private FitReport postTraining(PostTrainingCsv.Layout layout, List<RunData> read) {
        Optional<SupervisedParams> given = Optional.ofNullable(supervised).map(SupervisedParams::parse);
        FitPipeline.Settings settings = new FitPipeline.Settings(options.bootstrap, options.bootstrapMethod,
                options.seed, options.holdout, LEVEL);
        FitPipeline.Outcome outcome;
        if (csv != null) {
            FitData data = PostTrainingCsv.read(csv, columns, layout);
            String n = columns.getOrDefault("N", columns.get("X"));
            outcome = PostTrainingFit.fromCsv(layout, data, "column " + n, given, budgets, settings);
        } else {
            outcome = PostTrainingFit.fromRuns(layout, read, given, finetuneX, budgets,
                    options.includeWarmup, settings);
        }
        return outcome.report();
    }

    private void checkOptions() {
        if (supervised != null && law != LawChoice.distillation) {
            throw new InvalidInputException("fit: --supervised given with --law " + law + "; allowed: with --law "
                    + "distillation");
        }
        if (csv == null && runs.isEmpty()) {
            throw new InvalidInputException("fit: no input; needed: RUNS (run directories) or --csv FILE");
        }
        if (csv != null && !runs.isEmpty()) {
            throw new InvalidInputException("fit: both RUNS " + runs + " and --csv " + csv + " given; allowed: one");
        }
        if (csv == null && !columns.isEmpty()) {
            throw new InvalidInputException("fit: --columns " + columns + " given without --csv; allowed: with --csv");
        }
        if (csv != null && columns.isEmpty()) {
            throw new InvalidInputException("fit --csv " + csv + ": --columns is missing; needed: e.g. "
                    + "N=params,D=tokens,loss=val_loss (keys " + law.postTraining().map(PostTrainingCsv.Layout::keys)
                    .orElse(CsvObservations.KEYS) + ")");
        }
        options.check("fit");
        if (csv != null) OutputPaths.existingFile("fit: --csv", csv);
        if (uniqueTokens != null && !(uniqueTokens > 0)) {
            throw InvalidInputException.outOfRange("fit", "--unique-tokens", uniqueTokens, "> 0");
        }
        for (double c : budgets) {
            if (!(c > 0)) throw InvalidInputException.outOfRange("fit", "--budgets", c, "FLOPs > 0");
        }
    }

    private Conventions conventions(FitData data) {
        if (csv != null) {
            String c = columns.containsKey("C") ? "column " + columns.get("C") : "6ND";
            return Conventions.of("column " + columns.get("N"), c, false, data);
        }
        return Conventions.of(options.params.name(), options.flops.name(), !options.includeWarmup, data);
    }

    /** E of every law that has one beside the corpus's context floor and entropy rate (synthetic corpora). */
    private static void floors(List<RunData> read, FitReport report, PrintWriter stdout) {
        for (FitResult fit : report.fits()) {
            FloorComparison.describe(read, fit).ifPresent(line -> stdout.println(fit.law() + ": " + line));
        }
    }
}
