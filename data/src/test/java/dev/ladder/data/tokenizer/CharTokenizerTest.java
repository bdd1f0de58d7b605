package dev.ladder.data.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The char tokenizer: its vocabulary, round trips and the error for an unseen character. */
class CharTokenizerTest {

    private static final String ALPHABET = "ab c\néü😀";
    private static final CharTokenizer CHAR = CharTokenizer.train(List.of("ab c\n", "éü😀"));

    @TempDir
    Path dir;

    @Test
    void vocabularyIsTheSortedDistinctCodePoints() {
        assertThat(CHAR.vocabSize()).isEqualTo(ALPHABET.codePointCount(0, ALPHABET.length()));
        assertThat(CHAR.encode("\n ab")).containsExactly(0, 1, 2, 3);
        assertThat(CHAR.encode("😀")).hasSize(1);
    }

    @Property(tries = 200)
    void roundTripsAnyTextOverItsAlphabet(@ForAll("alphabetText") String text) {
        assertThat(CHAR.decode(CHAR.encode(text))).isEqualTo(text);
    }

    @Provide
    Arbitrary<String> alphabetText() {
        int[] cps = ALPHABET.codePoints().toArray();
        return Arbitraries.integers().between(0, cps.length - 1).list().ofMaxSize(50).map(ix -> {
            StringBuilder b = new StringBuilder();
            ix.forEach(i -> b.appendCodePoint(cps[i]));
            return b.toString();
        });
    }

    @Test
    void refusesUnseenCharacterNamingItAndItsPosition() {
        assertThatThrownBy(() -> CHAR.encode("abz"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'z'").hasMessageContaining("U+007A").hasMessageContaining("char index 2");
    }

    @Test
    void savesAndLoads() {
        Path file = dir.resolve("char.json");
        CHAR.save(file);
        Tokenizer loaded = Tokenizers.load(file);
        assertThat(loaded.spec()).isEqualTo("char");
        assertThat(loaded.encode(ALPHABET)).containsExactly(CHAR.encode(ALPHABET));
    }
}
