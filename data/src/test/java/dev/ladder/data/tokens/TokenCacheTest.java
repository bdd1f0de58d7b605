package dev.ladder.data.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.ladder.data.corpus.Corpora;
import dev.ladder.data.corpus.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token cache: prepared files, per-token entropy rates and cache hits that rewrite nothing. */
class TokenCacheTest {

    @TempDir
    Path cache;

    @Test
    void preparesSyntheticCorpusWithEntropyRatePerToken() {
        PreparedCorpus prepared = TokenCache.prepare("synthetic:markov?chars=20000", "bpe:300", cache, 0.1, 1);
        TokenHeader header = prepared.train().header();
        assertThat(header.tokenizer()).isEqualTo("bpe:300");
        assertThat(header.split()).isEqualTo("train");
        assertThat(header.splitBy()).isEqualTo("block");
        assertThat(header.corpusSha256()).hasSize(64);
        assertThat(header.chars() + prepared.val().header().chars()).isEqualTo(20_000);
        long tokens = prepared.train().length() + prepared.val().length();
        assertThat(prepared.charsPerToken()).isCloseTo(20_000.0 / tokens, offset(1e-12)).isGreaterThan(1.0);
        double perChar = prepared.entropyRate().orElseThrow().natsPerChar();
        assertThat(prepared.entropyRatePerToken().orElseThrow()).isCloseTo(perChar * 20_000 / tokens, offset(1e-9));
        assertThat(header.entropyRate()).isEqualTo(perChar);
    }

    @Test
    void tokensDecodeBackToTheCorpus() {
        PreparedCorpus prepared = TokenCache.prepare("synthetic:default?chars=5000", "char", cache, 0.1, 1);
        Corpus corpus = Corpora.open("synthetic:default?chars=5000", cache);
        String train = decode(prepared, prepared.train());
        String val = decode(prepared, prepared.val());
        assertThat(train.length() + val.length()).isEqualTo(corpus.documents().get(0).length());
        assertThat(corpus.documents().get(0)).contains(val.substring(0, 40));
        assertThat(prepared.charsPerToken()).isEqualTo(1.0);
    }

    @Test
    void secondPrepareIsACacheHitThatRewritesNothing() throws IOException {
        PreparedCorpus first = TokenCache.prepare("synthetic:markov?chars=5000", "char", cache, 0.1, 1);
        FileTime old = FileTime.fromMillis(1_000_000_000L);
        for (Path p : entryFiles(first)) {
            Files.setLastModifiedTime(p, old);
        }
        PreparedCorpus second = TokenCache.prepare("synthetic:markov?chars=5000", "char", cache, 0.1, 1);
        assertThat(second.train().path()).isEqualTo(first.train().path());
        for (Path p : entryFiles(second)) {
            assertThat(Files.getLastModifiedTime(p)).as(p.toString()).isEqualTo(old);
        }
        PreparedCorpus otherSeed = TokenCache.prepare("synthetic:markov?chars=5000", "char", cache, 0.1, 2);
        assertThat(otherSeed.train().path()).isNotEqualTo(first.train().path());
        try (Stream<Path> entries = Files.list(cache.resolve("tokens"))) {
            assertThat(entries.filter(p -> p.getFileName().toString().contains(".tmp"))).isEmpty();
        }
    }

    @Test
    void aSyntheticEntryDeletedAfterItWasRememberedIsBuiltAgain() throws IOException {
        // the process remembers where a synthetic corpus's entry is; a deleted entry must not be returned
        PreparedCorpus first = TokenCache.prepare("synthetic:markov?chars=6000", "char", cache, 0.1, 1);
        long length = first.train().length();
        double rate = first.entropyRatePerToken().orElseThrow();
        Path entry = first.train().path().getParent();
        deleteTree(entry);
        PreparedCorpus again = TokenCache.prepare("synthetic:markov?chars=6000", "char", cache, 0.1, 1);
        assertThat(again.train().path()).isEqualTo(first.train().path()).exists();
        assertThat(again.train().length()).isEqualTo(length);
        assertThat(again.entropyRatePerToken().orElseThrow()).isEqualTo(rate);
        PreparedCorpus remembered = TokenCache.prepare("synthetic:markov?chars=6000", "char", cache, 0.1, 1);
        assertThat(remembered.train().path()).isEqualTo(first.train().path());
        assertThat(remembered.entropyRatePerToken().orElseThrow()).isEqualTo(rate);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Test
    void splitsJsonlByDocument() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            lines.append("{\"text\":\"document number ").append(i).append("\"}\n");
        }
        Path file = Files.writeString(cache.resolve("d.jsonl"), lines.toString());
        PreparedCorpus prepared = TokenCache.prepare("jsonl:" + file + "#text", "tiktoken:cl100k_base", cache, 0.1, 5);
        assertThat(prepared.val().header().splitBy()).isEqualTo("document");
        assertThat(decode(prepared, prepared.val()).split("\n")).hasSize(3);
        assertThat(prepared.entropyRate()).isEmpty();
        assertThat(prepared.entropyRatePerToken()).isEmpty();
    }

    private static String decode(PreparedCorpus prepared, TokenFile file) {
        int[] ids = new int[(int) file.length()];
        file.read(0, ids, 0, ids.length);
        return prepared.tokenizer().decode(ids);
    }

    private static List<Path> entryFiles(PreparedCorpus prepared) throws IOException {
        try (Stream<Path> files = Files.list(prepared.train().path().getParent())) {
            return files.toList();
        }
    }
}
