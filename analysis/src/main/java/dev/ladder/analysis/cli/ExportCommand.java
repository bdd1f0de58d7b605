package dev.ladder.analysis.cli;

import dev.ladder.analysis.export.ExportFormat;
import dev.ladder.analysis.export.TidyTable;
import dev.ladder.analysis.export.TidyWriter;
import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.cli.OutputPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ladder export}: writes the tidy dataset (one row per run per logged step) as CSV or JSON Lines. */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Write the runs' logs as one tidy table (CSV or JSON Lines).",
        description = {"", "One row per run per logged step (step and eval records merged by step), with the run's "
                + "metadata columns; empty cells (CSV) or null (JSONL) where a value is absent.", ""})
public final class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUNS", arity = "1..*", description = "Run directories, ladder folders or runs roots.")
    List<Path> runs;

    @Option(names = "--format", defaultValue = "csv",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ExportFormat format;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: standard output).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (out != null) OutputPaths.file("command line: --out", out);
        List<Map<String, Object>> rows = TidyTable.rows(RunWarnings.print(RunReader.read(runs),
                spec.commandLine().getErr()));
        if (out == null) {
            TidyWriter.write(rows, format, spec.commandLine().getOut());
            return 0;
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                 PrintWriter printer = new PrintWriter(writer)) {
                TidyWriter.write(rows, format, printer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        spec.commandLine().getErr().println("wrote " + rows.size() + " rows of " + runs + " to " + out);
        return 0;
    }
}
