package dev.ladder.data.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte-level BPE: deterministic merges, exact round trips, save/load and a realistic corpus. */
class BpeTokenizerTest {

    private static final List<String> TRAINING = List.of("the cat sat on the mat. the cat's hat is flat!\n",
            "Öl und Übel; naïve café — 東京 and 😀 emoji, the end.\n");
    private static final BpeTokenizer TRAINED = BpeTokenizer.train("bpe:300", TRAINING, 300);

    @TempDir
    Path dir;

    /** Hand-worked: "aaab" and " aaab" once each; ties go to the smaller left id, then the smaller right id. */
    @Test
    void learnsMergesInCountOrderBreakingTiesBySmallerIds() {
        BpeTokenizer bpe = BpeTokenizer.train("bpe:260", List.of("aaab aaab"), 260);
        assertThat(bpe.merges()).containsExactly(new int[] {'a', 'a'}, new int[] {'a', 'b'}, new int[] {256, 257},
                new int[] {' ', 258});
        assertThat(bpe.encode("aaab aaab")).containsExactly(258, 259);
        assertThat(bpe.vocabSize()).isEqualTo(260);
    }

    @Test
    void mergesAreTheSameOnEveryTraining() {
        BpeTokenizer again = BpeTokenizer.train("bpe:300", TRAINING, 300);
        assertThat(again.merges()).containsExactlyElementsOf(TRAINED.merges());
        assertThat(again.vocabSize()).isEqualTo(TRAINED.vocabSize());
    }

    @Test
    void stopsEarlyWhenTheCorpusRunsOutOfPairs() {
        BpeTokenizer bpe = BpeTokenizer.train("bpe:1000", List.of("abcabc"), 1000);
        assertThat(bpe.vocabSize()).isLessThan(1000).isGreaterThan(256);
        assertThat(bpe.decode(bpe.encode("abcabc"))).isEqualTo("abcabc");
    }

    @Property(tries = 300)
    void roundTripsAnyWellFormedText(@ForAll("unicodeText") String text) {
        assertThat(TRAINED.decode(TRAINED.encode(text))).isEqualTo(text);
    }

    @Provide
    Arbitrary<String> unicodeText() {
        Arbitrary<Integer> codePoint = Arbitraries.oneOf(
                Arbitraries.integers().between(0x20, 0x7E),
                Arbitraries.of((int) ' ', (int) '\n', (int) '\t', (int) '\'', 0x3000, 0x00A0),
                Arbitraries.integers().between(0, 0xD7FF),
                Arbitraries.integers().between(0xE000, 0x10FFFF));
        return codePoint.list().ofMaxSize(60).map(cps -> {
            StringBuilder b = new StringBuilder();
            cps.forEach(b::appendCodePoint);
            return b.toString();
        });
    }

    @Test
    void refusesUnpairedSurrogateNamingIndex() {
        assertThatThrownBy(() -> TRAINED.encode("ab\uD800c"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("U+D800").hasMessageContaining("2");
    }

    @Test
    void savesAndLoadsTheSameMerges() {
        Path file = dir.resolve("bpe.json");
        TRAINED.save(file);
        Tokenizer loaded = Tokenizers.load(file);
        assertThat(loaded).isInstanceOf(BpeTokenizer.class);
        assertThat(((BpeTokenizer) loaded).merges()).containsExactlyElementsOf(TRAINED.merges());
        assertThat(loaded.encode(TRAINING.get(1))).containsExactly(TRAINED.encode(TRAINING.get(1)));
        assertThat(loaded.spec()).isEqualTo("bpe:300");
    }

    /** A realistic corpus: tinyshakespeare at vocab 512 compresses and round-trips the whole text. */
    @Test
    void trainsOnTinyShakespeareAndRoundTripsIt() throws IOException {
        Path input = Path.of(System.getProperty("ladder.shared", "../../shared"), "corpora/tinyshakespeare/input.txt");
        assumeTrue(Files.isRegularFile(input), "tinyshakespeare not found at " + input + " (../shared is absent)");
        String text = Files.readString(input);
        BpeTokenizer bpe = BpeTokenizer.train("bpe:512", List.of(text), 512);
        int[] tokens = bpe.encode(text);
        assertThat(bpe.vocabSize()).isEqualTo(512);
        assertThat(bpe.decode(tokens)).isEqualTo(text);
        assertThat((double) text.length() / tokens.length).isGreaterThan(1.7);
        assertThat(bpe.decode(bpe.encode(" the"))).isEqualTo(" the");
        assertThat(bpe.encode(" the")).hasSize(1);
    }
}
