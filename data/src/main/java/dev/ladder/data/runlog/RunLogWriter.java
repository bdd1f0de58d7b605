package dev.ladder.data.runlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends records to a run's {@code metrics.jsonl}, one JSON object per line, flushed after each line. A line cut
 * short by a crash is moved on opening to {@code metrics.jsonl.partial} (appended there, never deleted), so the lines
 * a resumed run appends follow a complete one.
 */
public final class RunLogWriter implements Closeable {

    /** Suffix of the file that keeps cut-off last lines, beside the log. */
    public static final String PARTIAL_SUFFIX = ".partial";

    private final Path file;
    private final BufferedWriter out;

    /** Opens {@code file} for appending (a resumed run keeps its earlier lines), creating it if needed. */
    public RunLogWriter(Path file) {
        this(file, System.err);
    }

    /** As {@link #RunLogWriter(Path)}, telling {@code warnings} when a cut-off last line was moved aside. */
    public RunLogWriter(Path file, PrintStream warnings) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            moveCutOffLine(file, warnings);
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + RunJson.reason(e), e);
        }
    }

    public void write(RunRecord record) {
        String line = toJson(record) + "\n";
        int half = line.length() / 2;
        try {
            out.write(line, 0, half);
            out.flush();
            FaultPoint.reach("metrics.line", file);
            out.write(line, half, line.length() - half);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + RunJson.reason(e), e);
        }
    }

    /**
     * When {@code file} does not end with a newline, a crash cut its last line: appends that fragment to
     * {@code <file>.partial} and truncates the log to its last complete line.
     */
    private static void moveCutOffLine(Path file, PrintStream warnings) throws IOException {
        if (!Files.isRegularFile(file)) return;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size == 0 || lastByte(channel, size - 1) == '\n') return;
            long keep = size - 1;
            while (keep > 0 && lastByte(channel, keep - 1) != '\n') keep--;
            ByteBuffer fragment = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - keep));
            channel.read(fragment, keep);
            fragment.flip();
            Path partial = file.resolveSibling(file.getFileName() + PARTIAL_SUFFIX);
            try (FileChannel aside = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                while (fragment.hasRemaining()) aside.write(fragment);
                aside.write(ByteBuffer.wrap(new byte[] {'\n'}));
                aside.force(true);
            }
            channel.truncate(keep);
            channel.force(true);
            warnings.println("warning: " + file + ": its last line was cut off (" + (size - keep) + " bytes, a crash"
                    + " mid-write); moved it to " + partial + " and resuming after the last complete line");
        }
    }

    private static byte lastByte(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, position);
        return one.get(0);
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
            throw new UncheckedIOException("cannot close " + file + ": " + RunJson.reason(e), e);
        }
    }
}
