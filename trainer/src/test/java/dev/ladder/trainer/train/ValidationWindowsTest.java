package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.data.tokens.TokenFile;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationWindowsTest {

    @TempDir
    static Path cache;
    private static TokenFile val;

    @BeforeAll
    static void prepare() {
        PreparedCorpus data = TokenCache.prepare("synthetic:markov?chars=20000", "char", cache, 0.1, 0);
        val = data.val();
    }

    /** How often each validation token is predicted by the windows' counted positions. */
    private static int[] predictions(ValidationWindows windows) {
        int[] counts = new int[(int) val.length()];
        for (int i = 0; i < windows.size(); i++) {
            for (int t = windows.firstCounted()[i]; t < windows.seqLen(); t++) {
                counts[(int) (windows.starts()[i] + t + 1)]++;
            }
        }
        return counts;
    }

    @Test
    void wholeSplitPredictsEveryTokenButTheFirstExactlyOnce() {
        int seqLen = 37;                            // leaves a remainder: the last window overlaps
        assertThat((val.length() - 1) % seqLen).isNotZero();
        ValidationWindows windows = ValidationWindows.wholeSplit(val, seqLen, 1L << 20);
        int[] counts = predictions(windows);
        assertThat(counts[0]).isZero();
        for (int i = 1; i < counts.length; i++) assertThat(counts[i]).as("token %d", i).isEqualTo(1);
        assertThat(windows.countedTokens()).isEqualTo(val.length() - 1);
    }

    @Test
    void aCappedSplitReadsWholeWindowsSpreadOverItWithoutOverlap() {
        ValidationWindows windows = ValidationWindows.wholeSplit(val, 16, 500);
        assertThat(windows.size()).isEqualTo(500 / 16);
        assertThat(windows.countedTokens()).isEqualTo(500 / 16 * 16);
        assertThat(Arrays.stream(predictions(windows)).max().orElseThrow()).isEqualTo(1);
        assertThat(windows.starts()[windows.size() - 1] + 16).isEqualTo(val.length() - 1);
    }

    @Test
    void theSubsetIsTheSameOnEveryCall() {
        ValidationWindows a = ValidationWindows.subset(val, 16, 40, 5);
        ValidationWindows b = ValidationWindows.subset(val, 16, 40, 5);
        assertThat(a.starts()).containsExactly(b.starts());
        assertThat(a.countedTokens()).isEqualTo(40 * 16);
        assertThat(Arrays.stream(a.starts()).allMatch(s -> s >= 0 && s + 16 < val.length())).isTrue();
    }
}
