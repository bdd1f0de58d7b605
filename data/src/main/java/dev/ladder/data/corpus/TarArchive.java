package dev.ladder.data.corpus;

import dev.ladder.data.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a gzip-compressed tar archive (POSIX ustar, as {@code npm pack} writes): regular files and folders only;
 * other entries (pax headers, links) are skipped, and paths that leave the destination are refused.
 */
final class TarArchive {

    private static final int BLOCK = 512;

    private TarArchive() {
    }

    /** Extracts {@code archive} (.tgz) under {@code destination}. */
    static void extract(Path archive, Path destination) {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            byte[] header = new byte[BLOCK];
            while (in.readNBytes(header, 0, BLOCK) == BLOCK && !isZero(header)) {
                String name = path(header);
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0"
                        : field(header, 124, 12).trim(), 8);
                byte type = header[156];
                Path target = destination.resolve(name).normalize();
                if (!target.startsWith(destination.normalize()) || name.contains("..")) {
                    throw new InvalidInputException(archive + ": entry \"" + name + "\" leaves the destination folder;"
                            + " allowed: relative paths inside the archive");
                }
                if (type == '0' || type == 0) {
                    Files.createDirectories(target.getParent());
                    Files.write(target, in.readNBytes((int) size));
                } else {
                    if (type == '5') Files.createDirectories(target);
                    in.skipNBytes(size);
                }
                in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive, e);
        }
    }

    private static String path(byte[] header) {
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) end++;
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) return false;
        }
        return true;
    }
}
