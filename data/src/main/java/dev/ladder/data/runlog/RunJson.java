package dev.ladder.data.runlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.JsonMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Reads and writes the JSON files of a run directory (run.json, summary.json), writing atomically. */
public final class RunJson {

    /** Unknown fields are tolerated (adding an optional field keeps the schema version); NaN is allowed. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private RunJson() {
    }

    /**
     * Writes {@code value} as indented JSON to a temp file beside {@code file}, forces it to disk, then renames it
     * over {@code file}: a crash or a full disk leaves either the old file or the new one, never a part. A failed
     * write removes its temp file and names the path and the reason (e.g. "No space left on device").
     */
    public static void writeAtomically(Path file, Object value) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            byte[] bytes = PRETTY.writeValueAsBytes(value);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            FaultPoint.reach("json.write", file);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            forceDirectory(dir);
        } catch (IOException e) {
            deleteQuietly(tmp, e);
            throw new UncheckedIOException("cannot write " + file + ": " + reason(e), e);
        }
    }

    /** Forces a folder's entries (a rename into it) to disk; a no-op where the file system cannot open folders. */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms (Windows) cannot open a folder; the rename itself is still atomic there
        }
    }

    /** Why an I/O operation failed, for a message that already names the path: e.g. "No space left on device". */
    public static String reason(IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return reason == null ? e.getClass().getSimpleName() : reason;
    }

    private static void deleteQuietly(Path tmp, IOException failure) {
        if (tmp == null) return;
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    public static RunInfo readInfo(Path file) {
        RunInfo info = read(file, RunInfo.class);
        checkVersion(file, info.schemaVersion());
        return info;
    }

    public static RunSummary readSummary(Path file) {
        RunSummary summary = read(file, RunSummary.class);
        checkVersion(file, summary.schemaVersion());
        return summary;
    }

    /** Refuses versions this code does not know, naming the supported range. */
    static void checkVersion(Object source, int version) {
        if (version < 1 || version > RunRecord.CURRENT_VERSION) {
            throw new InvalidInputException(source + ": schemaVersion = " + version + " is not supported; allowed: 1.."
                    + RunRecord.CURRENT_VERSION + " (a newer ladder wrote it: update ladder)");
        }
    }

    private static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found");
        }
        try {
            JsonNode tree = MAPPER.readTree(file.toFile());
            if (tree == null || !tree.isObject()) {
                throw new InvalidInputException(file + ": not a valid " + file.getFileName() + ": empty or not a JSON"
                        + " object; allowed: the object README §Run directory describes");
            }
            JsonNode version = tree.get("schemaVersion");
            if (version != null && version.canConvertToInt()) checkVersion(file, version.asInt());
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new CorruptFileException(file + ": not a valid " + file.getFileName() + ": "
                    + JsonMessages.plain(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
