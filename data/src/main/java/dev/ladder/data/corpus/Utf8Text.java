package dev.ladder.data.corpus;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Strict UTF-8 decoding: invalid bytes are an error naming the file and byte offset, never replaced. */
final class Utf8Text {

    private Utf8Text() {
    }

    /** Reads {@code file} as UTF-8, failing with the byte offset of the first invalid sequence. */
    static String read(Path file) {
        return decode(file.toString(), readBytes(file));
    }

    static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file not found");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** True when {@code bytes} are valid UTF-8. */
    static boolean isValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Decodes {@code bytes}; {@code source} names them in the error. */
    static String decode(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            throw new InvalidInputException(source + ": invalid UTF-8 at byte offset " + in.position()
                    + " (byte 0x" + String.format("%02X", bytes[in.position()] & 0xFF)
                    + "); allowed: UTF-8 text only (convert the file, e.g. with iconv -t UTF-8)");
        }
        out.flip();
        return out.toString();
    }
}
