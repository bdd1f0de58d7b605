package dev.ladder.analysis.cli;

import dev.ladder.data.InvalidInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs a command class the way the root {@code ladder} command does (invalid input → exit 2 with the message on
 * stderr), capturing its output.
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, line, parse) -> {
            if (!(ex instanceof InvalidInputException)) throw ex;
            line.getErr().println("error: " + ex.getMessage());
            return 2;
        });
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
