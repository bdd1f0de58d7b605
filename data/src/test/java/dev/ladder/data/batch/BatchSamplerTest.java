package dev.ladder.data.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.tokens.TokenFile;
import dev.ladder.data.tokens.TokenHeader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch sampling: windows, determinism, exact resume and fixed validation batches. */
class BatchSamplerTest {

    @TempDir
    Path dir;

    private TokenFile tokens;

    /** Token i has id i % 1000, so every row of a batch must be a run of consecutive ids. */
    @BeforeEach
    void writeTokens() {
        int[] ids = new int[5000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 1000;
        }
        tokens = TokenFile.write(dir.resolve("train.bin"), new TokenHeader("bpe:1000", 1000, "uint16", "file:x",
                "h", ids.length, ids.length, "train", "block", 0.1, 1, null, null), ids);
    }

    @Test
    void rowsAreContiguousWindowsOfSeqLenPlusOne() {
        int[] batch = new BatchSampler(tokens, 4, 16, 1).next();
        assertThat(batch).hasSize(4 * 17);
        for (int r = 0; r < 4; r++) {
            for (int i = 1; i < 17; i++) {
                assertThat(batch[r * 17 + i]).isEqualTo((batch[r * 17 + i - 1] + 1) % 1000);
            }
        }
    }

    @Test
    void sameSeedSameBatchesOtherSeedOtherBatches() {
        BatchSampler a = new BatchSampler(tokens, 4, 16, 9);
        BatchSampler b = new BatchSampler(tokens, 4, 16, 9);
        BatchSampler c = new BatchSampler(tokens, 4, 16, 10);
        for (int i = 0; i < 5; i++) {
            int[] x = a.next();
            assertThat(b.next()).containsExactly(x);
            assertThat(c.next()).isNotEqualTo(x);
        }
    }

    @Test
    void restoredSamplerContinuesExactlyAsAnUninterruptedOne() throws Exception {
        BatchSampler uninterrupted = new BatchSampler(tokens, 3, 8, 42);
        List<int[]> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(uninterrupted.next());
        }
        BatchSampler first = new BatchSampler(tokens, 3, 8, 42);
        for (int i = 0; i < 4; i++) {
            first.next();
        }
        ObjectMapper json = new ObjectMapper();
        String saved = json.writeValueAsString(first.cursor());
        BatchSampler resumed = new BatchSampler(tokens, 3, 8, 0);
        resumed.restore(json.readValue(saved, BatchSampler.Cursor.class));
        assertThat(resumed.cursor()).isEqualTo(new BatchSampler.Cursor(42, 4));
        for (int i = 4; i < 10; i++) {
            assertThat(resumed.next()).containsExactly(expected.get(i));
        }
    }

    @Test
    void fixedBatchesAreTheSameOnEveryCall() {
        List<int[]> a = BatchSampler.fixedBatches(tokens, 2, 32, 5, 3);
        List<int[]> b = BatchSampler.fixedBatches(tokens, 2, 32, 5, 3);
        assertThat(a).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(b.get(i)).containsExactly(a.get(i));
        }
    }

    @Test
    void tooShortFileNamesAvailableAndNeededTokens() {
        assertThatThrownBy(() -> new BatchSampler(tokens, 1, 5000, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("5000 tokens available").hasMessageContaining("5001 needed");
        assertThat(new BatchSampler(tokens, 1, 4999, 1).next()).hasSize(5000);
    }
}
