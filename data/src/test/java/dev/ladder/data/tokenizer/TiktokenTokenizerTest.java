package dev.ladder.data.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tiktoken encodings through jtokkit: known ids, round trips, save/load. */
class TiktokenTokenizerTest {

    private static final TiktokenTokenizer CL100K = new TiktokenTokenizer("cl100k_base");

    @TempDir
    Path dir;

    /** tiktoken's README example: cl100k_base encodes "hello world" as [15339, 1917]. */
    @Test
    void encodesLikeTiktoken() {
        assertThat(CL100K.encode("hello world")).containsExactly(15339, 1917);
        assertThat(CL100K.vocabSize()).isEqualTo(100_277);
    }

    @Test
    void specialTokenTextIsOrdinaryText() {
        String text = "a<|endoftext|>b";
        assertThat(CL100K.decode(CL100K.encode(text))).isEqualTo(text);
        assertThat(CL100K.encode(text)).doesNotContain(100_257);
    }

    @Property(tries = 200)
    void roundTripsAnyWellFormedText(@ForAll("unicodeText") String text) {
        assertThat(CL100K.decode(CL100K.encode(text))).isEqualTo(text);
    }

    @Provide
    Arbitrary<String> unicodeText() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0x20, 0x7E), Arbitraries.integers().between(0, 0xD7FF),
                Arbitraries.integers().between(0xE000, 0x10FFFF)).list().ofMaxSize(60).map(cps -> {
                    StringBuilder b = new StringBuilder();
                    cps.forEach(b::appendCodePoint);
                    return b.toString();
                });
    }

    @Test
    void everyEncodingLoadsAndSavesAsItsSpec() {
        for (String name : TiktokenTokenizer.VOCAB_SIZES.keySet()) {
            Tokenizer t = new TiktokenTokenizer(name);
            int[] ids = t.encode("Scaling laws, 2020–2024.");
            assertThat(Arrays.stream(ids).max().orElseThrow()).isLessThan(t.vocabSize());
            Path file = dir.resolve(name + ".json");
            t.save(file);
            assertThat(Tokenizers.load(file).encode("Scaling laws, 2020–2024.")).containsExactly(ids);
        }
    }
}
