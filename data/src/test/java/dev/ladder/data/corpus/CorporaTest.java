package dev.ladder.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corpus specs: each source reads what it should and each bad input names its file, line or offset. */
class CorporaTest {

    @TempDir
    Path dir;

    @Test
    void rejectsUnknownPrefixListingAllowedForms() {
        assertThatThrownBy(() -> Corpora.open("http://example.com/x.txt", dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("http://example.com/x.txt")
                .hasMessageContaining("synthetic:<name>").hasMessageContaining("file:<path>")
                .hasMessageContaining("jsonl:<path>#<field>").hasMessageContaining("gutenberg");
        assertThatThrownBy(() -> Corpora.open("gutenberg:x", dir)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void readsOneFileAsOneDocument() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "héllo wörld\n");
        Corpus corpus = Corpora.open("file:" + file, dir);
        assertThat(corpus.documents()).containsExactly("héllo wörld\n");
        assertThat(corpus.chars()).isEqualTo(12);
        assertThat(corpus.entropyRate()).isEmpty();
        assertThat(corpus.spec()).isEqualTo("file:" + file);
    }

    @Test
    void readsFolderOfTxtFilesInSortedOrderIgnoringOtherFiles() throws IOException {
        Files.writeString(dir.resolve("b.txt"), "second");
        Files.writeString(dir.resolve("a.txt"), "first");
        Files.writeString(dir.resolve("notes.md"), "not a document");
        assertThat(Corpora.open("file:" + dir, dir).documents()).containsExactly("first", "second");
    }

    @Test
    void rejectsInvalidUtf8NamingFileAndByteOffset() throws IOException {
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("bad.txt"), new byte[] {bytes[0], bytes[1], bytes[2], (byte) 0xE9, 'x'});
        assertThatThrownBy(() -> Corpora.open("file:" + file, dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("byte offset 3")
                .hasMessageContaining("0xE9");
    }

    @Test
    void rejectsEmptyFileMissingPathAndFolderWithoutTxt() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertThatThrownBy(() -> Corpora.open("file:" + empty, dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("empty.txt: the file is empty");
        assertThatThrownBy(() -> Corpora.open("file:" + dir.resolve("nope.txt"), dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nope.txt not found");
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Files.writeString(folder.resolve("x.csv"), "a,b");
        assertThatThrownBy(() -> Corpora.open("file:" + folder, dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("folder has no .txt files");
    }

    @Test
    void readsJsonlFieldOneDocumentPerLine() throws IOException {
        Path file = Files.writeString(dir.resolve("d.jsonl"),
                "{\"text\":\"one\",\"id\":1}\n\n{\"text\":\"two\\nlines\"}\n");
        assertThat(Corpora.open("jsonl:" + file + "#text", dir).documents()).containsExactly("one", "two\nlines");
    }

    @Test
    void rejectsJsonlLineWithoutFieldNamingLineNumber() throws IOException {
        Path file = Files.writeString(dir.resolve("d.jsonl"), "{\"text\":\"one\"}\n{\"body\":\"two\"}\n");
        assertThatThrownBy(() -> Corpora.open("jsonl:" + file + "#text", dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file + ":2").hasMessageContaining("field \"text\" is missing");
        Path broken = Files.writeString(dir.resolve("e.jsonl"), "{\"text\":\"one\"}\n{\"text\": oops}\n");
        assertThatThrownBy(() -> Corpora.open("jsonl:" + broken + "#text", dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(broken + ":2: not valid JSON");
        assertThatThrownBy(() -> Corpora.open("jsonl:" + file, dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("jsonl:<path>#<field>");
    }

    @Test
    void rejectsBadSyntheticNameAndParameters() {
        assertThatThrownBy(() -> Corpora.open("synthetic:nope", dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\"nope\"").hasMessageContaining("synthetic:default")
                .hasMessageContaining("synthetic:markov");
        assertThatThrownBy(() -> Corpora.open("synthetic:markov?size=5", dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("[chars, seed, redraw, words, order]");
        assertThatThrownBy(() -> Corpora.open("synthetic:markov?words=256", dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("words");
        assertThatThrownBy(() -> Corpora.open("synthetic:default?words=8", dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("8").hasMessageContaining("[32, 4096]");
        assertThatThrownBy(() -> Corpora.open("synthetic:default?order=4", dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("\"4\"").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> Corpora.open("synthetic:markov?order=2", dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("only with synthetic:default");
        assertThatThrownBy(() -> Corpora.open("synthetic:markov?chars=10", dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("chars = 10 is out of range");
        assertThatThrownBy(() -> Corpora.open("synthetic:markov?seed=x", dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("an integer");
    }

    @Test
    void syntheticCorpusIsDeterministicPerSeedAndHonoursChars() {
        Corpus a = Corpora.open("synthetic:default?chars=5000&seed=3", dir);
        Corpus b = Corpora.open("synthetic:default?chars=5000&seed=3", dir);
        Corpus c = Corpora.open("synthetic:default?chars=5000&seed=4", dir);
        assertThat(a.documents()).isEqualTo(b.documents());
        assertThat(a.documents()).isNotEqualTo(c.documents());
        assertThat(a.chars()).isBetween(5000L, 5100L);
        assertThat(a.entropyRate()).isPresent();
    }

    @Test
    void gutenbergBeforeFetchHintsTheFetchCommand() {
        assertThatThrownBy(() -> Corpora.open("gutenberg", dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not fetched yet").hasMessageContaining("ladder corpus fetch gutenberg");
    }

    @Test
    void gutenbergReadsFetchedBooksKeepingLatin1Bytes() throws IOException {
        Path books = Files.createDirectories(GutenbergFetcher.textFolder(dir));
        Files.writeString(books.resolve("a-utf8.txt"), "Cæsar in UTF-8");
        Files.write(books.resolve("b-latin1.txt"), "Cæsar in Latin-1".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(books.resolve("README"), "not a book");
        assertThat(Corpora.open("gutenberg", dir).documents()).containsExactly("Cæsar in UTF-8", "Cæsar in Latin-1");
    }
}
