package dev.ladder.data.tokens;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ladder.data.InvalidInputException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A token file in nanoGPT's layout: little-endian uint16 (or uint32) ids in {@code name.bin}, described by
 * {@code name.json} ({@link TokenHeader}). Opened files are memory-mapped in chunks, so files above 2 GB work.
 */
public final class TokenFile {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final long CHUNK_BYTES = 1L << 30;

    private final Path bin;
    private final TokenHeader header;
    private final MappedByteBuffer[] chunks;
    private final int shift;

    private TokenFile(Path bin, TokenHeader header, MappedByteBuffer[] chunks) {
        this.bin = bin;
        this.header = header;
        this.chunks = chunks;
        this.shift = header.bytesPerToken() == 2 ? 1 : 2;
    }

    /** The header file that goes with {@code bin}: the same name with .json instead of .bin. */
    public static Path headerPath(Path bin) {
        String name = bin.getFileName().toString();
        String stem = name.endsWith(".bin") ? name.substring(0, name.length() - 4) : name;
        return bin.resolveSibling(stem + ".json");
    }

    /** Opens {@code bin} and its header, checking that the file size matches the header's token count. */
    public static TokenFile open(Path bin) {
        Path headerFile = headerPath(bin);
        if (!Files.isRegularFile(bin) || !Files.isRegularFile(headerFile)) {
            throw new InvalidInputException(bin + ": token file or its header " + headerFile.getFileName()
                    + " not found; run `ladder corpus prepare CORPUS --tokenizer T` first");
        }
        TokenHeader header;
        try {
            header = JSON.readValue(headerFile.toFile(), TokenHeader.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(headerFile + ": not a valid token header: " + e.getMessage(), e);
        }
        try (FileChannel channel = FileChannel.open(bin, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size != header.tokens() * header.bytesPerToken()) {
                throw new InvalidInputException(bin + ": size " + size + " bytes does not match the header's "
                        + header.tokens() + " " + header.dtype() + " tokens; allowed: tokens × "
                        + header.bytesPerToken() + " bytes (re-run `ladder corpus prepare`)");
            }
            int n = (int) ((size + CHUNK_BYTES - 1) / CHUNK_BYTES);
            MappedByteBuffer[] chunks = new MappedByteBuffer[n];
            for (int i = 0; i < n; i++) {
                long start = i * CHUNK_BYTES;
                chunks[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(CHUNK_BYTES, size - start));
                chunks[i].order(ByteOrder.LITTLE_ENDIAN);
            }
            return new TokenFile(bin, header, chunks);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + bin, e);
        }
    }

    /** Writes {@code tokens} to {@code bin} and {@code header} beside it, each through a temp file and a rename. */
    public static TokenFile write(Path bin, TokenHeader header, int[] tokens) {
        if (header.tokens() != tokens.length) {
            throw new IllegalArgumentException("header says " + header.tokens() + " tokens, got " + tokens.length);
        }
        try {
            Path dir = bin.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, bin.getFileName().toString(), ".tmp");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                for (int t : tokens) {
                    if (t < 0 || t >= header.vocabSize()) {
                        throw new IllegalArgumentException("token " + t + " outside [0, " + header.vocabSize() + ")");
                    }
                    if (buffer.remaining() < 4) flush(buffer, out);
                    if (header.bytesPerToken() == 2) buffer.putShort((short) t);
                    else buffer.putInt(t);
                }
                flush(buffer, out);
            }
            move(tmp, bin);
            Path headerTmp = Files.createTempFile(dir, headerPath(bin).getFileName().toString(), ".tmp");
            JSON.writeValue(headerTmp.toFile(), header);
            move(headerTmp, headerPath(bin));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + bin, e);
        }
        return open(bin);
    }

    public Path path() {
        return bin;
    }

    public TokenHeader header() {
        return header;
    }

    /** Number of tokens in the file. */
    public long length() {
        return header.tokens();
    }

    /** The token at {@code index}, in [0, length()). */
    public int get(long index) {
        if (index < 0 || index >= header.tokens()) {
            throw new IndexOutOfBoundsException("token index " + index + " outside [0, " + header.tokens() + ")");
        }
        long byteOffset = index << shift;
        MappedByteBuffer chunk = chunks[(int) (byteOffset / CHUNK_BYTES)];
        int at = (int) (byteOffset % CHUNK_BYTES);
        return shift == 1 ? Short.toUnsignedInt(chunk.getShort(at)) : chunk.getInt(at);
    }

    /** Copies tokens [offset, offset + length) into {@code dst} starting at {@code dstOffset}. */
    public void read(long offset, int[] dst, int dstOffset, int length) {
        if (offset < 0 || length < 0 || offset + length > header.tokens()) {
            throw new IndexOutOfBoundsException("tokens [" + offset + ", " + (offset + length) + ") outside [0, "
                    + header.tokens() + ")");
        }
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = get(offset + i);
        }
    }

    private static void flush(ByteBuffer buffer, OutputStream out) throws IOException {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
