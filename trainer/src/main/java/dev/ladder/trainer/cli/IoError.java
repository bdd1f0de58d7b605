package dev.ladder.trainer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * An I/O error as the user sees it: the path and the reason in words (permission denied, is a folder, disk full),
 * and its exit code: 2 when the input names a path that cannot be used, 1 when the machine failed (disk full, a
 * device error). Never exit 4: a path that cannot be written is not a bug.
 */
record IoError(String message, int exitCode) {

    static IoError of(Throwable error) {
        String context = error instanceof UncheckedIOException ? error.getMessage() : null;
        IOException io = error instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) error;
        String reason = reason(io);
        int code = isDiskFull(io) || !isPathProblem(io) ? ExitCode.FAILURE : ExitCode.INVALID_INPUT;
        return new IoError(context == null || context.equals(reason) ? reason : context + ": " + reason, code);
    }

    private static String reason(IOException io) {
        String file = io instanceof FileSystemException fs ? fs.getFile() : null;
        if (io instanceof AccessDeniedException) return file + ": permission denied";
        if (io instanceof NoSuchFileException) return file + ": not found (or its folder is missing)";
        if (io instanceof FileAlreadyExistsException) return file + " exists and is not a folder";
        if (io instanceof NotDirectoryException) return file + " is not a folder";
        if (isDiskFull(io)) return (file == null ? "" : file + ": ") + "disk full (no space left on device)";
        String detail = io instanceof FileSystemException fs ? fs.getReason() : io.getMessage();
        String lower = detail == null ? "" : detail.toLowerCase(Locale.ROOT);
        if (lower.contains("not a directory")) return file + ": a part of the path is a file, not a folder";
        if (lower.contains("is a directory")) return file + " is a folder, not a file";
        if (lower.contains("permission denied")) return file + ": permission denied";
        if (lower.contains("read-only file system")) return file + ": read-only file system";
        return (file == null ? "" : file + ": ") + (detail == null ? io.getClass().getSimpleName() : detail);
    }

    private static boolean isPathProblem(IOException io) {
        if (io instanceof AccessDeniedException || io instanceof NoSuchFileException
                || io instanceof FileAlreadyExistsException || io instanceof NotDirectoryException) {
            return true;
        }
        String detail = io instanceof FileSystemException fs ? fs.getReason() : io.getMessage();
        String lower = detail == null ? "" : detail.toLowerCase(Locale.ROOT);
        return lower.contains("not a directory") || lower.contains("is a directory")
                || lower.contains("permission denied") || lower.contains("read-only file system");
    }

    private static boolean isDiskFull(IOException io) {
        for (Throwable t = io; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) return true;
        }
        return false;
    }
}
