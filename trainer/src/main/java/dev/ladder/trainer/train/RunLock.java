package dev.ladder.trainer.train;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.RunJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A lock file ({@code <runDir>/lock}, holding "pid host") that stops two processes from training the same run.
 * A lock left by a dead process on this host is taken over with a warning; one held by a live process, or by a
 * process on another host (whose liveness cannot be checked), is refused naming the holder. The file appears with its
 * content in one step (written aside, then hard-linked into place), so another process never reads it half written;
 * it is deleted on {@link #close()}, and by a shutdown hook when the JVM exits first (a second Ctrl-C). A run
 * directory that the lock created and that is still empty at close is removed with it.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE_NAME = "lock";

    private final Path file;
    private final Path createdDir;
    private final String content;
    private final Thread onExit;

    private RunLock(Path file, Path createdDir, String content) {
        this.file = file;
        this.createdDir = createdDir;
        this.content = content;
        this.onExit = new Thread(this::release, "release " + file);
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** Takes the lock of {@code runDir} for this process. */
    public static RunLock acquire(Path runDir, PrintStream warnings) {
        Path file = runDir.resolve(FILE_NAME);
        String content = ProcessHandle.current().pid() + " " + host();
        Path created = Files.isDirectory(runDir) ? null : runDir;
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir + ": " + RunJson.reason(e), e);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                if (create(file, content)) return new RunLock(file, created, content);
                Optional<Holder> holder = holder(file);
                if (holder.isPresent() && holder.get().alive()) {
                    throw new InvalidInputException(file + ": run is being trained by process " + holder.get().pid()
                            + " on " + holder.get().host() + "; wait for it, or stop it, or delete the lock file if "
                            + "that process is gone");
                }
                if (takeOver(file)) {
                    warnings.println("warning: " + file + ": taking over a stale lock"
                            + holder.map(h -> " of process " + h.pid() + " (no longer running)").orElse(""));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + RunJson.reason(e), e);
            }
        }
        throw new IllegalStateException(file + ": could not take the lock after 3 attempts");
    }

    /** Creates {@code file} holding {@code content} in one step; false when it already exists. */
    private static boolean create(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.createLink(file, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // a file system without hard links: create, then write (a reader may briefly see it empty)
            try {
                Files.writeString(Files.createFile(file), content, StandardCharsets.UTF_8);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Moves a stale lock out of the way; false when another process took it over first. The file moved is checked
     * to be the one judged stale: a fresh lock that another process created meanwhile is put back.
     */
    private static boolean takeOver(Path file) throws IOException {
        Object staleKey;
        try {
            staleKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return false;
        }
        Path aside = file.resolveSibling(FILE_NAME + ".stale-" + ProcessHandle.current().pid());
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            return false;
        }
        Object movedKey = Files.readAttributes(aside, BasicFileAttributes.class).fileKey();
        if (staleKey != null && !staleKey.equals(movedKey)) {
            try {
                Files.createLink(file, aside);
            } catch (FileAlreadyExistsException e) {
                // a third process has locked it meanwhile; the lock put aside belonged to a process that will fail
            }
            Files.deleteIfExists(aside);
            return false;
        }
        Files.deleteIfExists(aside);
        return true;
    }

    /**
     * Deletes the lock of {@code runDir} if the process named in it has died on this host (killed after its run
     * completed, before it could delete the lock), with a warning; a live or foreign holder's lock is kept.
     */
    public static void removeStale(Path runDir, PrintStream warnings) {
        Path file = runDir.resolve(FILE_NAME);
        Optional<Holder> holder = holder(file);
        if (!Files.exists(file) || holder.isPresent() && holder.get().alive()) return;
        try {
            if (takeOver(file)) {
                warnings.println("warning: " + file + ": removed a stale lock"
                        + holder.map(h -> " of process " + h.pid() + " (no longer running)").orElse(""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + RunJson.reason(e), e);
        }
    }

    /** Who holds the lock of {@code runDir}, if it is held by a live process. */
    public static Optional<Holder> liveHolder(Path runDir) {
        return holder(runDir.resolve(FILE_NAME)).filter(Holder::alive);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook releases the lock
            return;
        }
        release();
    }

    /** Deletes the lock file if it is still this lock's, and the run directory if the lock created it empty. */
    private void release() {
        try {
            if (Files.isRegularFile(file) && content.equals(Files.readString(file, StandardCharsets.UTF_8))) {
                Files.delete(file);
            }
            if (createdDir != null) Files.deleteIfExists(createdDir);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            // the run wrote files (kept), or the lock was already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + RunJson.reason(e), e);
        }
    }

    /** The process named in a lock file. */
    public record Holder(long pid, String host) {

        /** True when the holder runs on this host, so its liveness can be checked. */
        public boolean onThisHost() {
            return host.equals(RunLock.host());
        }

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

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
