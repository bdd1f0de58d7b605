package dev.ladder.trainer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's resident memory as Linux reports it in {@code /proc/self/status}: the peak resident set
 * ({@code VmHWM}, the high-water mark) and the current one ({@code VmRSS}). Both count everything the process holds in
 * RAM: the Java heap, ND4J's native arrays, the native libraries and memory-mapped files it touched. Elsewhere (no
 * {@code /proc}) both are empty.
 */
public final class PeakMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {
    }

    /** The peak resident set of this process so far, bytes; empty where the OS does not report it. */
    public static OptionalLong peakRssBytes() {
        return read("VmHWM");
    }

    /** {@link #peakRssBytes()} as the optional JSON field {@code peakRssBytes} holds it: null where unknown. */
    public static Long peakRssBytesOrNull() {
        OptionalLong peak = peakRssBytes();
        return peak.isPresent() ? peak.getAsLong() : null;
    }

    /** The resident set of this process now, bytes; empty where the OS does not report it. */
    public static OptionalLong rssBytes() {
        return read("VmRSS");
    }

    private static OptionalLong read(String field) {
        if (!Files.isReadable(STATUS)) return OptionalLong.empty();
        try {
            return field(Files.readString(STATUS, StandardCharsets.US_ASCII), field);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS, e);
        }
    }

    /**
     * The value of {@code field} in the text of a {@code /proc/<pid>/status} file, bytes: its lines read
     * {@code "VmHWM:\t  245844 kB"}. Empty when the field is missing.
     */
    static OptionalLong field(String status, String field) {
        for (String line : status.split("\n")) {
            if (!line.startsWith(field + ":")) continue;
            String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
            long value = Long.parseLong(parts[0]);
            if (parts.length < 2) return OptionalLong.of(value);
            if (!parts[1].equals("kB")) {
                throw new IllegalStateException(STATUS + ": unexpected unit in \"" + line + "\"; expected kB");
            }
            return OptionalLong.of(value * 1024);
        }
        return OptionalLong.empty();
    }
}
