package dev.ladder.data.runlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends records to a run's {@code metrics.jsonl}, one JSON object per line, flushed after each line. */
public final class RunLogWriter implements Closeable {

    private final Path file;
    private final BufferedWriter out;

    /** Opens {@code file} for appending (a resumed run keeps its earlier lines), creating it if needed. */
    public RunLogWriter(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    public void write(RunRecord record) {
        try {
            out.write(toJson(record));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** One line of metrics.jsonl: schemaVersion and type first, then the record's fields. */
    public static String toJson(RunRecord record) {
        ObjectNode line = RunJson.MAPPER.createObjectNode();
        line.put("schemaVersion", RunRecord.CURRENT_VERSION);
        line.put("type", record.type());
        ObjectNode fields = RunJson.MAPPER.valueToTree(record);
        fields.remove("type");
        line.setAll(fields);
        try {
            return RunJson.MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + record, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
