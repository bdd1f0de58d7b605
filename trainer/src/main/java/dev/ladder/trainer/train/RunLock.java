package dev.ladder.trainer.train;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A lock file ({@code <runDir>/lock}, holding "pid host") that stops two processes from training the same run.
 * A lock left by a dead process on this host is taken over with a warning; one held by a live process, or by a
 * process on another host (whose liveness cannot be checked), is refused naming the holder.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE_NAME = "lock";

    private final Path file;

    private RunLock(Path file) {
        this.file = file;
    }

    /** Takes the lock of {@code runDir} for this process. */
    public static RunLock acquire(Path runDir, PrintStream warnings) {
        Path file = runDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir, e);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.writeString(Files.createFile(file), ProcessHandle.current().pid() + " " + host(),
                        StandardCharsets.UTF_8);
                return new RunLock(file);
            } catch (FileAlreadyExistsException e) {
                Optional<Holder> holder = holder(file);
                if (holder.isPresent() && holder.get().alive()) {
                    throw new InvalidInputException(file + ": run is being trained by process " + holder.get().pid()
                            + " on " + holder.get().host() + "; wait for it, or stop it, or delete the lock file if "
                            + "that process is gone");
                }
                warnings.println("warning: " + file + ": taking over a stale lock"
                        + holder.map(h -> " of process " + h.pid() + " (no longer running)").orElse(""));
                deleteQuietly(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
        throw new IllegalStateException(file + ": could not take the lock after 3 attempts");
    }

    /** Who holds the lock of {@code runDir}, if it is held by a live process. */
    public static Optional<Holder> liveHolder(Path runDir) {
        return holder(runDir.resolve(FILE_NAME)).filter(Holder::alive);
    }

    @Override
    public void close() {
        deleteQuietly(file);
    }

    /** The process named in a lock file. */
    public record Holder(long pid, String host) {

        /** Live if on this host and running; a lock from another host counts as live (it cannot be checked). */
        public boolean alive() {
            // RunLock.host(): a bare host() here would be this record's own accessor, making every lock local
            return !host.equals(RunLock.host()) || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    private static Optional<Holder> holder(Path file) {
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split("\\s+", 2);
            return Optional.of(new Holder(Long.parseLong(parts[0]), parts.length > 1 ? parts[1] : host()));
        } catch (IOException | NumberFormatException e) {
            // gone, or garbled by a crash mid-write: either way nobody can be shown to hold it
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
