package dev.ladder.analysis.cli;

import dev.ladder.analysis.plot.Figure;
import dev.ladder.analysis.report.LadderReport;
import dev.ladder.analysis.report.ReportSettings;
import dev.ladder.analysis.run.RunReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Mixin
    FitOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        options.check("report");
        ReportSettings settings = new ReportSettings(options.params, options.flops, options.includeWarmup,
                options.bootstrap, options.bootstrapMethod, options.seed, options.holdout, FitCommand.LEVEL);
        PrintWriter stdout = spec.commandLine().getOut();
        LadderReport.Fitting fitting = LadderReport.fit(RunWarnings.print(RunReader.read(runs),
                spec.commandLine().getErr()), settings, budgets -> LawChoice.all.laws(budgets, null));
        LadderReport.Written written = LadderReport.write(fitting, options.outFolder(runs.get(0)));
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
