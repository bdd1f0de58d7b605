package dev.ladder.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextFloorCacheTest {

    private static final String SPEC = "synthetic:default?words=64";

    @TempDir
    Path cache;

    @Test
    void aFloorIsComputedOnceThenReadBackExactly() throws IOException {
        ContextFloor computed = Corpora.contextFloor(SPEC, 8).orElseThrow();
        assertThat(Corpora.contextFloor(SPEC, 8, cache)).contains(computed);
        List<Path> files = files();
        assertThat(files).hasSize(1);

        // what is read back is the file's content, not a recomputation: change it and the change is returned
        Files.writeString(files.get(0), "0.75 0.001 8\n");
        assertThat(Corpora.contextFloor(SPEC, 8, cache)).contains(new ContextFloor(0.75, 0.001, 8));
        assertThat(Corpora.contextFloor(SPEC, 16, cache)).as("another context length has its own entry")
                .isPresent().get().isNotEqualTo(new ContextFloor(0.75, 0.001, 16));
        assertThat(files()).hasSize(2);
    }

    @Test
    void anUnreadableEntryIsComputedAgainAndRewritten() throws IOException {
        ContextFloor computed = Corpora.contextFloor(SPEC, 8, cache).orElseThrow();
        Path file = files().get(0);
        Files.writeString(file, "not a floor");
        assertThat(Corpora.contextFloor(SPEC, 8, cache)).contains(computed);
        assertThat(Files.readString(file)).startsWith(Double.toString(computed.natsPerChar()));
    }

    @Test
    void corporaWithoutAFloorWriteNothing() throws IOException {
        assertThat(Corpora.contextFloor("file:x.txt", 8, cache)).isEqualTo(Optional.empty());
        assertThat(Files.exists(cache.resolve("floors"))).isFalse();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(cache.resolve("floors"))) {
            return s.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
        }
    }
}
