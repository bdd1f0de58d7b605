package dev.ladder.data.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.RunJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes tokenizer JSON files; writes go to a temp file that is renamed over the target. */
final class TokenizerJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerJson() {
    }

    static void write(Path file, JsonNode json) {
        RunJson.writeAtomically(file, json);
    }

    static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": tokenizer file not found");
        } catch (IOException e) {
            if (!Files.exists(file)) throw new InvalidInputException(file + ": tokenizer file not found");
            throw new InvalidInputException(file + ": not a valid tokenizer JSON file: " + e.getMessage(), e);
        }
    }
}
