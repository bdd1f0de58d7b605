package dev.ladder.analysis.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ladder.analysis.fit.Budgets;
import dev.ladder.analysis.fit.Conventions;
import dev.ladder.analysis.fit.CsvObservations;
import dev.ladder.analysis.fit.FitData;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.FitReport;
import dev.ladder.analysis.fit.HuberObjective;
import dev.ladder.analysis.fit.RunObservations;
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
            description = "CSV columns: N=..., loss=..., and D=... and/or C=...; optional run=... (one curve per run).")
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
        FitData data = csv != null ? CsvObservations.read(csv, columns)
                : RunObservations.from(RunWarnings.print(RunReader.read(runs), stderr), options.params,
                        options.flops, options.includeWarmup);
        Budgets chosen = budgets.isEmpty() ? Budgets.beyond(data) : new Budgets(budgets);
        FitReport report = FitPipeline.run(law.laws(chosen, uniqueTokens), data, conventions(data),
                new FitPipeline.Settings(options.bootstrap, options.seed, options.holdout, LEVEL));
        PrintWriter stdout = spec.commandLine().getOut();
        Path file = json && options.out == null ? null
                : options.outFolder(csv != null ? csv : runs.get(0)).resolve("fit.json");
        if (file != null) report.write(file);
        if (json) {
            stdout.println(RunJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            stdout.print(FitTable.format(report));
            stdout.println("wrote " + file);
        }
        stdout.flush();
        return 0;
    }

    private void checkOptions() {
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
                    + "N=params,D=tokens,loss=val_loss (keys " + CsvObservations.KEYS + ")");
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
        double k = data.flopsPerParamToken();
        if (csv != null) {
            String c = columns.containsKey("C") ? "column " + columns.get("C") : "6ND";
            return new Conventions("column " + columns.get("N"), c, k, false, HuberObjective.CHINCHILLA_DELTA);
        }
        return new Conventions(options.params.name(), options.flops.name(), k, !options.includeWarmup,
                HuberObjective.CHINCHILLA_DELTA);
    }
}
