package dev.ladder.data.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokenizer specs: each kind is built from its spec and bad specs list the allowed forms. */
class TokenizersTest {

    @TempDir
    Path dir;

    @Test
    void unknownSpecListsAllowedForms() {
        assertThatThrownBy(() -> Tokenizers.train("wordpiece", List.of("x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\"wordpiece\"").hasMessageContaining("char")
                .hasMessageContaining("bpe:<vocabSize 257..65536>").hasMessageContaining("cl100k_base");
    }

    @Test
    void badBpeVocabAndTiktokenNameAreRefused() {
        assertThatThrownBy(() -> Tokenizers.validate("bpe:100"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("bpe vocabSize = 100 is out of range");
        assertThatThrownBy(() -> Tokenizers.validate("bpe:lots"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("\"lots\"");
        assertThatThrownBy(() -> Tokenizers.validate("tiktoken:gpt5"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("o200k_base");
    }

    @Test
    void buildsEachKindFromItsSpec() {
        List<String> texts = List.of("some training text, some more text");
        assertThat(Tokenizers.train("char", texts)).isInstanceOf(CharTokenizer.class);
        assertThat(Tokenizers.train("bpe:270", texts).spec()).isEqualTo("bpe:270");
        assertThat(Tokenizers.train(" tiktoken:r50k_base ", texts).vocabSize()).isEqualTo(50_257);
    }

    @Test
    void loadRefusesMissingAndUnknownFiles() throws IOException {
        assertThatThrownBy(() -> Tokenizers.load(dir.resolve("none.json")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not found");
        Path odd = Files.writeString(dir.resolve("odd.json"), "{\"spec\":\"unigram\"}");
        assertThatThrownBy(() -> Tokenizers.load(odd))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("\"unigram\"");
    }
}
