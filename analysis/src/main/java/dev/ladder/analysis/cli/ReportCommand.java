package dev.ladder.analysis.cli;

import dev.ladder.analysis.fit.FlopCount;
import dev.ladder.analysis.fit.ParamCount;
import dev.ladder.analysis.plot.Figure;
import dev.ladder.analysis.report.LadderReport;
import dev.ladder.analysis.report.ReportSettings;
import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ladder report}: fits every law to run directories and writes PNG/CSV figures, fit.json and report.html. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Fit every law to run logs; write figures (PNG + CSV), fit.json and report.html.",
        description = {"", "Fits the laws as `ladder fit --law all` does, draws the training curves, compute "
                + "frontier, IsoFLOP profiles, optimal allocation, approach-3 parity and (synthetic corpora) entropy "
                + "figures, and writes one self-contained report.html that opens anywhere without a network.", ""})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUNS", arity = "1..*", description = "Run directories, ladder folders or runs roots.")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the report (default: the first RUNS).")
    Path out;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N",
            description = "Bootstrap resamples over runs, for intervals and bands; 0 for none (default: "
                    + "${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "0", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--holdout", defaultValue = "2", paramLabel = "K",
            description = "Hold out the K largest-compute runs to check extrapolation; 0 for none (default: "
                    + "${DEFAULT-VALUE}).")
    int holdout;

    @Option(names = "--params", defaultValue = "total",
            description = "Parameter count N: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ParamCount params;

    @Option(names = "--flops", defaultValue = "kaplan",
            description = "FLOPs per token for C: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FlopCount flops;

    @Option(names = "--include-warmup", description = "Keep eval points inside warmup (tokens < warmupTokens).")
    boolean includeWarmup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        if (bootstrap < 0) throw InvalidInputException.outOfRange("report", "--bootstrap", bootstrap, ">= 0");
        if (holdout < 0) throw InvalidInputException.outOfRange("report", "--holdout", holdout, ">= 0");
        ReportSettings settings = new ReportSettings(params, flops, includeWarmup, bootstrap, seed, holdout,
                FitCommand.LEVEL);
        LadderReport.Fitting fitting = LadderReport.fit(RunReader.read(runs), settings,
                budgets -> LawChoice.all.laws(budgets, null));
        LadderReport.Written written = LadderReport.write(fitting, out != null ? out : runs.get(0));
        PrintWriter stdout = spec.commandLine().getOut();
        for (Figure figure : written.figures()) {
            if (figure instanceof Figure.Drawn drawn) {
                stdout.println("figure " + drawn.name() + ": " + drawn.png().getFileName() + ", "
                        + drawn.csv().getFileName());
            } else if (figure instanceof Figure.Skipped skipped) {
                stdout.println("figure " + skipped.name() + ": not drawn: " + skipped.reason());
            }
        }
        stdout.println("wrote " + written.fitJson());
        stdout.println("wrote " + written.html());
        stdout.flush();
        return 0;
    }
}
