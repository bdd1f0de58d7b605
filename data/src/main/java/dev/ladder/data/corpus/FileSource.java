package dev.ladder.data.corpus;

import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code file:<path>}: one UTF-8 text file (one document), or a folder whose .txt files are the documents. */
final class FileSource implements CorpusSource {

    @Override
    public Corpus open(String spec, String argument, Path cacheDir) {
        if (argument.isEmpty()) {
            throw new InvalidInputException(spec + ": the path is missing; allowed: file:<text file or folder>");
        }
        Path path = Path.of(argument);
        if (Files.isDirectory(path)) {
            return new TextCorpus(spec, readFolder(path), Optional.empty());
        }
        if (!Files.exists(path)) {
            throw new InvalidInputException(spec + ": " + path + " not found; allowed: a UTF-8 text file or a folder"
                    + " of .txt files");
        }
        return new TextCorpus(spec, List.of(readDocument(path)), Optional.empty());
    }

    /** The .txt files of {@code folder} (not recursive), sorted by name. */
    static List<Path> textFiles(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> files = entries.filter(p -> p.getFileName().toString().endsWith(".txt"))
                    .filter(Files::isRegularFile).sorted().toList();
            if (files.isEmpty()) {
                throw new InvalidInputException(folder + ": the folder has no .txt files; allowed: a folder holding"
                        + " at least one UTF-8 .txt file");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static List<String> readFolder(Path folder) {
        List<String> documents = new ArrayList<>();
        for (Path file : textFiles(folder)) {
            documents.add(readDocument(file));
        }
        return documents;
    }

    private static String readDocument(Path file) {
        String text = Utf8Text.read(file);
        if (text.isEmpty()) {
            throw new InvalidInputException(file + ": the file is empty; allowed: a non-empty UTF-8 text file");
        }
        return text;
    }
}
