package dev.ladder.data.cli;

import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.data.tokens.TokenFile;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ladder corpus prepare}: tokenizes a corpus into cached train/val token files and prints where they are. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        header = "Tokenize a corpus into cached train.bin/val.bin token files (instant when already cached).")
public final class CorpusPrepareCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "CORPUS", description = "Corpus spec, e.g. synthetic:default.")
    String corpus;

    @Option(names = "--tokenizer", required = true, paramLabel = "T",
            description = "Tokenizer spec: char, bpe:<vocabSize> or tiktoken:<encoding>.")
    String tokenizer;

    @Option(names = "--val-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "Fraction of documents (or of 100 blocks of a one-document corpus) held out for"
                    + " validation, 0.01..0.5 (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of the train/val split; data.splitSeed in run configs, whose default it shares, so"
                    + " training on the corpus finds these files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    CacheDirOption cache;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        String checked = CorpusOptions.tokenizer(tokenizer);
        CorpusOptions.valFraction(valFraction);
        PreparedCorpus prepared = TokenCache.prepare(corpus, checked, cache.resolve(), valFraction, seed);
        PrintWriter out = spec.commandLine().getOut();
        print(out, prepared.train());
        print(out, prepared.val());
        out.println("tokenizer  " + prepared.train().path().resolveSibling("tokenizer.json"));
        out.printf(Locale.ROOT, "vocabSize  %d, charsPerToken %.4f%n", prepared.tokenizer().vocabSize(),
                prepared.charsPerToken());
        prepared.entropyRatePerToken().ifPresent(rate -> out.printf(Locale.ROOT,
                "entropyRate %.4f ± %.4f nats/token%n", rate, prepared.entropyRateErrorPerToken().orElseThrow()));
        out.flush();
    }

    private static void print(PrintWriter out, TokenFile file) {
        out.printf(Locale.ROOT, "%-10s %s (%d tokens, %s)%n", file.header().split(), file.path(), file.length(),
                file.header().dtype());
    }
}
