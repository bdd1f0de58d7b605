package dev.ladder.data.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token files: little-endian layout, header, uint32 switch and the errors for bad files. */
class TokenFileTest {

    @TempDir
    Path dir;

    private static TokenHeader header(int vocabSize, int tokens) {
        return new TokenHeader("bpe:" + vocabSize, vocabSize, TokenHeader.dtypeFor(vocabSize), "file:x.txt",
                "abc", tokens, tokens * 3L, "train", "block", 0.1, 1, null, null);
    }

    @Test
    void writesLittleEndianUint16AndReadsItBack() throws IOException {
        int[] tokens = {0, 1, 255, 256, 65535, 42};
        TokenFile file = TokenFile.write(dir.resolve("train.bin"), header(65536, tokens.length), tokens);
        assertThat(Files.size(file.path())).isEqualTo(12);
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file.path())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Short.toUnsignedInt(raw.getShort(8))).isEqualTo(65535);
        TokenFile reopened = TokenFile.open(dir.resolve("train.bin"));
        assertThat(reopened.length()).isEqualTo(6);
        assertThat(reopened.get(3)).isEqualTo(256);
        int[] dst = new int[8];
        reopened.read(1, dst, 2, 5);
        assertThat(dst).containsExactly(0, 0, 1, 255, 256, 65535, 42, 0);
        assertThat(reopened.header()).isEqualTo(header(65536, 6));
        assertThat(Files.exists(dir.resolve("train.json"))).isTrue();
    }

    @Test
    void usesUint32AboveUint16Range() {
        int[] tokens = {70_000, 3, 100_276};
        TokenFile file = TokenFile.write(dir.resolve("val.bin"), header(100_277, 3), tokens);
        assertThat(file.header().dtype()).isEqualTo("uint32");
        assertThat(TokenFile.open(file.path()).get(2)).isEqualTo(100_276);
    }

    @Test
    void missingFileHintsThePrepareCommand() {
        assertThatThrownBy(() -> TokenFile.open(dir.resolve("train.bin")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ladder corpus prepare");
    }

    @Test
    void refusesFileWhoseSizeDisagreesWithHeader() throws IOException {
        TokenFile file = TokenFile.write(dir.resolve("train.bin"), header(512, 4), new int[] {1, 2, 3, 4});
        Files.write(file.path(), new byte[6]);
        assertThatThrownBy(() -> TokenFile.open(file.path()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("size 6 bytes")
                .hasMessageContaining("4 uint16 tokens");
    }

    @Test
    void refusesOutOfRangeIndexes() {
        TokenFile file = TokenFile.write(dir.resolve("train.bin"), header(512, 2), new int[] {1, 2});
        assertThatThrownBy(() -> file.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> file.read(1, new int[2], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
