package dev.ladder.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frozen digests of small synthetic samples: the text must be the same on every JVM and every build, because
 * published losses refer to it. A change here changes every synthetic result; make it deliberately, and say so.
 */
class SyntheticDeterminismTest {

    @TempDir
    Path cache;

    @Test
    void defaultCorpusTextIsFrozen() throws NoSuchAlgorithmException {
        assertThat(sha256("synthetic:default?chars=2000"))
                .isEqualTo("e99221503ffe5ab55cd96a591d363c36d7816f4bb91b10fb3a36e2df76da91de");
    }

    @Test
    void markovCorpusTextIsFrozen() throws NoSuchAlgorithmException {
        assertThat(sha256("synthetic:markov?chars=2000"))
                .isEqualTo("f3b4490dceb9b5747b35bab1c689692a88ce4a1346c8f2dd8b1cf0064f943464");
    }

    private String sha256(String spec) throws NoSuchAlgorithmException {
        byte[] text = Corpora.open(spec, cache).documents().get(0).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
    }
}
