package dev.ladder.data.corpus;

import java.util.List;
import java.util.Optional;

/** A text corpus: its spec, its documents in a fixed order, and, for synthetic corpora, its known entropy rate. */
public interface Corpus {

    /** The spec this corpus was opened from, e.g. {@code synthetic:default} or {@code file:data/x.txt}. */
    String spec();

    /** The documents, never empty, each a non-empty string; the order is fixed (sorted file names, line order). */
    List<String> documents();

    /** The entropy rate in nats per character, known for synthetic corpora; empty for real text. */
    Optional<EntropyRate> entropyRate();

    /** Characters (Unicode code points) over all documents. */
    default long chars() {
        long total = 0;
        for (String doc : documents()) {
            total += doc.codePointCount(0, doc.length());
        }
        return total;
    }
}
