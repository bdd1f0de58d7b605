package dev.ladder.data.corpus;

import java.nio.file.Path;

/** One kind of corpus, selected by the prefix of a corpus spec ({@code file:}, {@code jsonl:}, ...). */
interface CorpusSource {

    /**
     * Opens the corpus named by {@code spec}, whose part after the prefix is {@code argument}.
     *
     * @param cacheDir the ladder cache folder (fetched corpora live under it)
     */
    Corpus open(String spec, String argument, Path cacheDir);
}
