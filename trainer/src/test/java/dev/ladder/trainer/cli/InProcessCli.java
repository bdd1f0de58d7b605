package dev.ladder.trainer.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs {@code ladder ARGS} in the test's own process through {@link LadderCommand#commandLine()}, capturing what it
 * prints: commands that print to System.out as well as those that print to picocli's writer.
 */
public final class InProcessCli {

    /** What one command returned and printed. */
    public record Result(int exitCode, String out, String err) { }

    private InProcessCli() {
    }

    public static Result run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int code;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            CommandLine cli = LadderCommand.commandLine();
            cli.setOut(new PrintWriter(new OutputStreamWriter(capture, StandardCharsets.UTF_8), true));
            cli.setErr(new PrintWriter(err, true));
            code = cli.execute(args);
            capture.flush();
        } finally {
            System.setOut(original);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }
}
