package dev.ladder.data.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ladder corpus}: the parent of the corpus subcommands; alone it prints their list. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        header = "Inspect, tokenize and fetch corpora.",
        description = {"", "Corpus specs: synthetic:<name>[?chars=N][&seed=S][&redraw=R][&words=W] (names: default,"
                + " markov; redraw: the share of default's word rules redrawn, a related target language; words: its"
                + " vocabulary size, 32..4096),"
                + " file:<path>, jsonl:<path>#<field>, gutenberg.",
            "Tokenizers: char, bpe:<vocabSize>, tiktoken:<r50k_base|p50k_base|cl100k_base|o200k_base>.", ""},
        subcommands = {CorpusStatsCommand.class, CorpusPrepareCommand.class, CorpusFetchCommand.class})
public final class CorpusCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
