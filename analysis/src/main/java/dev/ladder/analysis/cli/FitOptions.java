package dev.ladder.analysis.cli;

import dev.ladder.analysis.fit.Bootstrap;
import dev.ladder.analysis.fit.FlopCount;
import dev.ladder.analysis.fit.ParamCount;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.cli.OutputPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options {@code ladder fit} and {@code ladder report} share, declared once with one default each (a picocli
 * mixin). An option that means the same in both commands belongs here; one that only one command has stays in it.
 */
public final class FitOptions {

    @Option(names = "--params", defaultValue = "total",
            description = "Parameter count N: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ParamCount params;

    @Option(names = "--flops", defaultValue = "kaplan",
            description = "FLOPs per token for C: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FlopCount flops;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N",
            description = "Bootstrap resamples, for intervals (and the report's bands); 0 for none"
                    + " (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--bootstrap-method", defaultValue = "runs",
            description = "What a bootstrap resample resamples: ${COMPLETION-CANDIDATES} (runs with replacement, for "
                    + "collections of runs; residuals of the fit with every run kept, for a planned grid; seeds: "
                    + "residuals with every run kept and one offset per size and seed, drawn from the spread of each "
                    + "size's seeds, for a grid trained with several seeds, whose runs of one size and seed move "
                    + "together; laws whose fit does not allow residuals use runs, seeds without a size of two "
                    + "seeds use residuals; default: ${DEFAULT-VALUE}).")
    Bootstrap.Method bootstrapMethod;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--holdout", defaultValue = "0", paramLabel = "K",
            description = "Also refit without the K largest-compute runs and report how well their loss is predicted;"
                    + " 0 for none (default: ${DEFAULT-VALUE}).")
    int holdout;

    @Option(names = "--include-warmup", description = "Keep eval points inside warmup (tokens < warmupTokens).")
    boolean includeWarmup;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the outputs (default: the first RUNS folder; with --csv, the CSV's folder).")
    Path out;

    /** Refuses values out of range, naming the option; nothing has been read or written yet. */
    void check(String command) {
        if (bootstrap < 0) throw InvalidInputException.outOfRange(command, "--bootstrap", bootstrap, ">= 0");
        if (holdout < 0) throw InvalidInputException.outOfRange(command, "--holdout", holdout, ">= 0");
        if (out != null) OutputPaths.folder(command + ": --out", out);
    }

    /** The output folder: {@code --out}, else the folder of {@code input} (itself when it is a folder). */
    Path outFolder(Path input) {
        if (out != null) return out;
        if (Files.isDirectory(input)) return input;
        Path parent = input.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of(".");
    }
}
