package dev.ladder.data.runlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.JsonMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads a run's {@code metrics.jsonl}. Rules: the last record for a (type, step) wins (a resumed run may log a step
 * again), and the last whole-split evaluation is kept apart from the periodic ones; a truncated last line (a crash
 * mid-write) is skipped with a warning; an unknown schemaVersion or type, or a broken line that is not the last, is
 * refused naming the file and line.
 */
public final class RunLogReader {

    /** How much of a log's end {@link #lastStepTokens} reads: hundreds of step records. */
    static final int TAIL_BYTES = 64 * 1024;

    private RunLogReader() {
    }

    /**
     * The tokens of the last step record of {@code file}, read from the file's end only: a progress bar polls this
     * while the log grows, and reading the whole log each time would cost as much as the log is long. Empty when the
     * file does not exist, is not a file, or its end holds no whole step record; a line cut by a write in progress
     * is passed over.
     */
    public static OptionalLong lastStepTokens(Path file) {
        if (!Files.isRegularFile(file)) return OptionalLong.empty();
        byte[] tail;
        boolean cut;
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            int length = (int) Math.min(size, TAIL_BYTES);
            cut = length < size;
            channel.position(size - length);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until the buffer is full
            }
            tail = buffer.array();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> lines = new String(tail, StandardCharsets.UTF_8).lines().toList();
        // the first line of a tail cut from a longer file may start mid-record
        for (int i = lines.size() - 1; i >= (cut ? 1 : 0); i--) {
            String line = lines.get(i).strip();
            if (!line.contains("\"step\"")) continue;
            try {
                JsonNode node = RunJson.MAPPER.readTree(line);
                if ("step".equals(node.path("type").asText()) && node.has("tokens")) {
                    return OptionalLong.of(node.get("tokens").asLong());
                }
            } catch (JsonProcessingException e) {
                // a line being written: the one before it is whole
            }
        }
        return OptionalLong.empty();
    }

    public static MetricsLog read(Path file) {
        List<String> lines;
        try {
            // Lenient decoding: a crash can cut the last line inside a multi-byte character; that line then fails
            // to parse and is skipped as truncated below, instead of making the whole file unreadable.
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        TreeMap<Long, StepRecord> steps = new TreeMap<>();
        TreeMap<Long, EvalRecord> evals = new TreeMap<>();
        EvalRecord wholeSplit = null;
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String where = file + ":" + (i + 1);
            JsonNode node;
            try {
                node = RunJson.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                if (isLastNonEmpty(lines, i)) {
                    warnings.add(where + ": skipped truncated last line (" + line.length() + " chars)");
                    continue;
                }
                throw new InvalidInputException(where + ": not valid JSON: " + JsonMessages.plain(e));
            }
            RunRecord record = parse(where, node);
            if (record instanceof StepRecord s) steps.put(s.step(), s);
            else if (record instanceof EvalRecord e && e.coversWholeSplit()) wholeSplit = e;
            else if (record instanceof EvalRecord e) evals.put(e.step(), e);
        }
        return new MetricsLog(new ArrayList<>(steps.values()), new ArrayList<>(evals.values()), wholeSplit,
                warnings);
    }

    /** Parses one line's JSON object, checking schemaVersion and type. */
    static RunRecord parse(String where, JsonNode node) {
        JsonNode version = node.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new InvalidInputException(where + ": schemaVersion is missing; allowed: 1.."
                    + RunRecord.CURRENT_VERSION);
        }
        RunJson.checkVersion(where, version.asInt());
        String type = node.path("type").asText("");
        try {
            return switch (type) {
                case "step" -> RunJson.MAPPER.treeToValue(node, StepRecord.class);
                case "eval" -> RunJson.MAPPER.treeToValue(node, EvalRecord.class);
                default -> throw InvalidInputException.notAllowed(where, "type", type, List.of("step", "eval"));
            };
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where + ": bad " + type + " record: " + JsonMessages.plain(e), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": bad " + type + " record: " + e.getMessage(), e);
        }
    }

    private static boolean isLastNonEmpty(List<String> lines, int index) {
        for (int j = index + 1; j < lines.size(); j++) {
            if (!lines.get(j).isBlank()) return false;
        }
        return true;
    }
}
