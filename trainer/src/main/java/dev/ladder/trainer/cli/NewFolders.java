package dev.ladder.trainer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Folders a command creates for its output, removed again when the input turns out to be invalid after they were
 * made (a corpus or tokenizer error found while preparing the data), so a refused command leaves nothing behind.
 */
final class NewFolders {

    private NewFolders() {
    }

    /** The outermost folder of {@code dir} that does not exist yet; null when {@code dir} exists. */
    static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) missing = p;
        return missing;
    }

    /** Removes {@code dir} and its parents up to {@code firstCreated}, each only while it is empty. */
    static void removeIfEmpty(Path firstCreated, Path dir) {
        if (firstCreated == null) return;
        for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(firstCreated); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the empty folder " + p, e);
            }
        }
    }
}
