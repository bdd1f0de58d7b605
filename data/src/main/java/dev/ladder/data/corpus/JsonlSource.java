package dev.ladder.data.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.JsonMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code jsonl:<path>#<field>}: one document per line, the string value of {@code field}; blank lines are skipped. */
final class JsonlSource implements CorpusSource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Corpus open(String spec, String argument, Path cacheDir) {
        int hash = argument.lastIndexOf('#');
        if (hash <= 0 || hash == argument.length() - 1) {
            throw InvalidInputException.notAllowed(spec, "corpus", spec,
                    "jsonl:<path>#<field>, e.g. jsonl:data.jsonl#text");
        }
        Path file = Path.of(argument.substring(0, hash));
        String field = argument.substring(hash + 1);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(spec + ": " + file + " not found; allowed: a JSONL file, one JSON object"
                    + " per line");
        }
        String text = Utf8Text.read(file);
        return new TextCorpus(spec, documents(file, field, text), Optional.empty());
    }

    private static List<String> documents(Path file, String field, String text) {
        List<String> documents = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            String where = file + ":" + (i + 1);
            JsonNode node;
            try {
                node = MAPPER.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw new InvalidInputException(where + ": not valid JSON: " + JsonMessages.plain(e));
            }
            JsonNode value = node == null ? null : node.get(field);
            if (value == null || !value.isTextual()) {
                throw new InvalidInputException(where + ": field \"" + field + "\" is "
                        + (value == null ? "missing" : "not a string (" + value.getNodeType() + ")")
                        + "; allowed: every line is a JSON object with a string field \"" + field + "\"");
            }
            if (value.asText().isEmpty()) {
                throw new InvalidInputException(where + ": field \"" + field + "\" is an empty string; allowed: a"
                        + " non-empty document");
            }
            documents.add(value.asText());
        }
        if (documents.isEmpty()) {
            throw new InvalidInputException(file + ": the corpus is empty (no JSON lines); allowed: at least one line");
        }
        return documents;
    }
}
