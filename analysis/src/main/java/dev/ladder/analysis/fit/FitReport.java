package dev.ladder.analysis.fit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.JsonMessages;
import dev.ladder.data.runlog.RunJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The content of fit.json: one {@link FitResult} per law fitted, and the laws the data could not support with
 * the reason.
 */
public record FitReport(List<FitResult> fits, List<String> refused) {

    public FitReport {
        fits = List.copyOf(fits);
        refused = List.copyOf(refused);
    }

    /** Reads a fit.json written by {@link #write}, e.g. for plots and reports. */
    public static FitReport read(Path file) {
        if (!Files.isRegularFile(file)) throw new InvalidInputException(file + ": file not found; run `ladder fit`");
        try {
            return RunJson.MAPPER.readValue(file.toFile(), FitReport.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not a valid fit.json: " + JsonMessages.plain(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes this report as indented JSON, atomically. */
    public void write(Path file) {
        RunJson.writeAtomically(file, this);
    }
}
