package dev.ladder.data.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vocabulary size from the specs alone: no token files are written and no corpus is fetched. */
class VocabularySizeTest {

    @TempDir
    Path cache;

    @Test
    void bpeAndTiktokenSizesComeFromTheSpecWithoutTheCorpus() throws IOException {
        assertThat(VocabularySize.of("gutenberg", "bpe:4096", cache).size()).isEqualTo(4096);
        assertThat(VocabularySize.of("gutenberg", "bpe:4096", cache).how()).contains("bpe:4096").contains("at most");
        assertThat(VocabularySize.of("file:/nowhere.txt", "tiktoken:r50k_base", cache).size()).isEqualTo(50_257);
        assertThat(VocabularySize.of("gutenberg", "tiktoken:cl100k_base", cache).size()).isEqualTo(100_277);
        assertThat(entries()).isZero();
    }

    @Test
    void charOnASyntheticCorpusCountsTheGeneratedTextAsPreparingWouldWithoutWritingFiles() throws IOException {
        VocabularySize size = VocabularySize.of("synthetic:markov?chars=5000", "char", cache);
        assertThat(entries()).isZero();
        int prepared = TokenCache.prepare("synthetic:markov?chars=5000", "char", cache, 0.1, 1).tokenizer()
                .vocabSize();
        assertThat(size.size()).isEqualTo(prepared).isEqualTo(11);
        assertThat(size.how()).contains("synthetic:markov");
    }

    @Test
    void charOnACorpusThatIsNotThereSaysItNeedsTheCorpusAndHowToAvoidIt() {
        assertThatThrownBy(() -> VocabularySize.of("gutenberg", "char", cache))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("takes its vocabulary from the text of gutenberg, so this needs the corpus")
                .hasMessageContaining("ladder corpus fetch gutenberg")
                .hasMessageContaining("bpe:<vocabSize>");
    }

    @Test
    void aBadTokenizerSpecListsTheAllowedForms() {
        assertThatThrownBy(() -> VocabularySize.of("gutenberg", "bpe:12", cache))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("bpe vocabSize");
        assertThatThrownBy(() -> VocabularySize.of("gutenberg", "words", cache))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("allowed: [char, bpe:");
    }

    private long entries() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.count();
        }
    }
}
