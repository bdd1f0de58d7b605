package dev.ladder.trainer.cli;

import dev.ladder.analysis.cli.ExportCommand;
import dev.ladder.analysis.cli.FitCommand;
import dev.ladder.analysis.cli.ReportCommand;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.cli.CorpusCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root {@code ladder} command: lists the subcommands and maps exceptions to exit codes in one handler. */
@Command(name = "ladder", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Train a ladder of small transformers and fit scaling laws to their losses.",
        description = {"", "Exit codes: 0 ok, 1 failure, 2 invalid input, 3 interrupted, 4 internal error.", ""},
        subcommands = {DemoCommand.class, PlanCommand.class, RunCommand.class, TrainCommand.class,
            StatusCommand.class, SlurmCommand.class, FitCommand.class, ReportCommand.class, ExportCommand.class,
            CorpusCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class LadderCommand implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with error messages.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: the one place where exceptions become exit codes. */
    public static CommandLine commandLine() {
        LadderCommand root = new LadderCommand();
        CommandLine cli = new CommandLine(root);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, line, parseResult) -> handle(ex, line.getErr(), root.verbose));
        cli.setExitCodeExceptionMapper(ex -> ExitCode.INVALID_INPUT);
        return cli;
    }

    static int handle(Exception ex, PrintWriter err, boolean verbose) {
        Throwable cause = ex;
        while (cause instanceof CommandLine.ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        int code;
        String prefix;
        if (cause instanceof InvalidInputException || cause instanceof CommandLine.ParameterException) {
            code = ExitCode.INVALID_INPUT;
            prefix = "error: ";
        } else if (cause instanceof InterruptedException) {
            code = ExitCode.INTERRUPTED;
            prefix = "interrupted: ";
        } else {
            code = ExitCode.INTERNAL;
            prefix = "internal error (a bug; re-run with --verbose for the stack trace): ";
        }
        err.println(prefix + cause.getMessage());
        if (verbose) cause.printStackTrace(err);
        err.flush();
        return code;
    }
}
