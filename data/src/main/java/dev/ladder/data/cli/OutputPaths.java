package dev.ladder.data.cli;

import dev.ladder.data.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the paths a command is told to write, made before any work starts, so that a file given where a folder
 * belongs (or the reverse) is refused with exit code 2 naming the option, instead of failing half-way.
 */
public final class OutputPaths {

    private OutputPaths() {
    }

    /** {@code path} as a folder to write into: missing (it will be created) or a folder, never a file. */
    public static Path folder(String source, Path path) {
        Path existing = firstExisting(path);
        if (existing != null && !Files.isDirectory(existing)) {
            throw new InvalidInputException(source + " = " + path + ": " + (existing.equals(path) ? "is a file"
                    : existing + " is a file") + ", not a folder; allowed: a folder (created when missing)");
        }
        return path;
    }

    /** {@code path} as a file to write: missing or a file, never a folder; its folder is created when missing. */
    public static Path file(String source, Path path) {
        if (Files.isDirectory(path)) {
            throw new InvalidInputException(source + " = " + path + ": is a folder; allowed: a file path");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) folder(source, parent);
        return path;
    }

    /** {@code path} as a file to read: it must exist and not be a folder. */
    public static Path existingFile(String source, Path path) {
        if (Files.isDirectory(path)) {
            throw new InvalidInputException(source + " = " + path + ": is a folder; allowed: a file");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(source + " = " + path + ": not found; allowed: an existing file");
        }
        return path;
    }

    private static Path firstExisting(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) return p;
        }
        return null;
    }
}
