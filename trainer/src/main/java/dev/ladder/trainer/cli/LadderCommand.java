package dev.ladder.trainer.cli;

import dev.ladder.analysis.cli.ExportCommand;
import dev.ladder.analysis.cli.FitCommand;
import dev.ladder.analysis.cli.ReportCommand;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.cli.CorpusCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root {@code ladder} command: lists the subcommands and maps exceptions to exit codes in one handler. */
@Command(name = "ladder", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Train a ladder of small transformers and fit scaling laws to their losses.",
        description = {"", "Exit codes: 0 ok, 1 failure, 2 invalid input, 3 interrupted, 4 internal error.", ""},
        subcommands = {DemoCommand.class, PlanCommand.class, RunCommand.class, TrainCommand.class,
            StatusCommand.class, SlurmCommand.class, FitCommand.class, ReportCommand.class, ExportCommand.class,
            CorpusCommand.class, BenchCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
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

    /**
     * The configured command line: the one place where exceptions become exit codes. Every command and subcommand
     * gets {@code -h/--help} and {@code -V/--version}, and enum values are accepted in any case.
     */
    public static CommandLine commandLine() {
        LadderCommand root = new LadderCommand();
        CommandLine cli = new CommandLine(root);
        standardOptions(cli, new VersionProvider());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, line, parseResult) -> handle(ex, line.getErr(), root.verbose));
        cli.setParameterExceptionHandler(LadderCommand::handleParameterError);
        cli.setExitCodeExceptionMapper(ex -> ExitCode.INVALID_INPUT);
        return cli;
    }

    private static void standardOptions(CommandLine line, CommandLine.IVersionProvider version) {
        CommandLine.Model.CommandSpec command = line.getCommandSpec();
        if (!(line.getCommand() instanceof CommandLine.HelpCommand)) {
            if (command.optionsMap().get("--help") == null) command.mixinStandardHelpOptions(true);
            command.versionProvider(version);
        }
        line.getSubcommands().values().forEach(sub -> standardOptions(sub, version));
    }

    /** picocli's own errors (unknown option, bad value, missing parameter) in the tool's one-line style. */
    static int handleParameterError(CommandLine.ParameterException ex, String[] args) {
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        String message = ex.getMessage().strip().replace(System.lineSeparator(), " ").replace("\n", " ");
        err.println("error: command line: " + message);
        err.println("see: " + line.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return ExitCode.INVALID_INPUT;
    }

    static int handle(Exception ex, PrintWriter err, boolean verbose) {
        Throwable cause = ex;
        while (cause instanceof CommandLine.ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        int code;
        String message;
        if (cause instanceof InvalidInputException || cause instanceof CommandLine.ParameterException) {
            code = ExitCode.INVALID_INPUT;
            message = "error: " + cause.getMessage();
        } else if (cause instanceof InterruptedException) {
            code = ExitCode.INTERRUPTED;
            message = "interrupted: " + cause.getMessage();
        } else if (cause instanceof UncheckedIOException || cause instanceof IOException) {
            IoError io = IoError.of(cause);
            code = io.exitCode();
            message = "error: " + io.message();
        } else {
            code = ExitCode.INTERNAL;
            message = "internal error (a bug; re-run with --verbose for the stack trace): " + cause.getMessage();
        }
        err.println(message);
        if (verbose) cause.printStackTrace(err);
        err.flush();
        return code;
    }
}
