package dev.ladder.data.corpus;

import dev.ladder.data.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A corpus held in memory: the documents a source read or generated. */
record TextCorpus(String spec, List<String> documents, Optional<EntropyRate> entropyRate) implements Corpus {

    TextCorpus {
        Objects.requireNonNull(spec, "spec");
        documents = List.copyOf(documents);
        Objects.requireNonNull(entropyRate, "entropyRate");
        if (documents.isEmpty()) {
            throw new InvalidInputException(spec + ": the corpus is empty (no documents); allowed: at least one"
                    + " non-empty document");
        }
    }
}
