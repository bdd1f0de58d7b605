package dev.ladder.analysis.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RunReader finds run directories at any of the allowed depths and refuses folders without runs. */
class RunReaderTest {

    @TempDir
    Path root;

    @Test
    void findsRunsInARunsRootALadderOrARunDirectoryEachOnce() {
        Path ladder = root.resolve("tiny");
        Path a = RunFixtures.writeRun(ladder, "a", 1000, RunSummary.Status.COMPLETED, 0);
        RunFixtures.writeRun(ladder, "b", 2000, null, 0);
        assertThat(RunReader.read(List.of(root))).extracting(RunData::runId).containsExactly("a", "b");
        assertThat(RunReader.read(List.of(ladder, a))).extracting(RunData::runId).containsExactly("a", "b");
        RunData single = RunReader.read(List.of(a)).get(0);
        assertThat(single.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(single.metrics().evals()).hasSize(5);
        assertThat(RunReader.read(List.of(ladder)).get(1).status()).isEqualTo(RunStatus.UNKNOWN);
    }

    @Test
    void refusesAFolderWithoutRunsNamingIt() throws Exception {
        Path empty = Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> RunReader.read(List.of(empty)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("no run directory");
    }
}
