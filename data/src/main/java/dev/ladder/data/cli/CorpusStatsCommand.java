package dev.ladder.data.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ladder.data.corpus.Corpora;
import dev.ladder.data.corpus.Corpus;
import dev.ladder.data.tokenizer.Tokenizers;
import dev.ladder.data.tokens.CorpusStats;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ladder corpus stats}: size, vocabulary and entropy figures of a corpus under a tokenizer. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        header = "Print characters, tokens, vocabulary and entropy of a corpus under a tokenizer.")
public final class CorpusStatsCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "CORPUS", description = "Corpus spec, e.g. synthetic:default.")
    String corpus;

    @Option(names = "--tokenizer", required = true, paramLabel = "T",
            description = "Tokenizer spec: char, bpe:<vocabSize> or tiktoken:<encoding>.")
    String tokenizer;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Mixin
    CacheDirOption cache;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        CorpusOptions.tokenizer(tokenizer);
        Corpus opened = Corpora.open(corpus, cache.resolve());
        CorpusStats stats = CorpusStats.of(opened, Tokenizers.train(tokenizer, opened));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(stats));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise " + stats, e);
            }
        } else {
            printTable(out, stats);
        }
        out.flush();
    }

    private static void printTable(PrintWriter out, CorpusStats s) {
        out.printf(Locale.ROOT, "corpus          %s%n", s.corpus());
        out.printf(Locale.ROOT, "tokenizer       %s%n", s.tokenizer());
        out.printf(Locale.ROOT, "documents       %d%n", s.documents());
        out.printf(Locale.ROOT, "chars           %d%n", s.chars());
        out.printf(Locale.ROOT, "tokens          %d%n", s.tokens());
        out.printf(Locale.ROOT, "charsPerToken   %.4f%n", s.charsPerToken());
        out.printf(Locale.ROOT, "vocabSize       %d%n", s.vocabSize());
        out.printf(Locale.ROOT, "unigramEntropy  %.4f nats/token%n", s.unigramEntropy());
        if (s.entropyRate() != null) {
            out.printf(Locale.ROOT, "entropyRate     %.4f ± %.4f nats/token (%.4f ± %.4f nats/char)%n",
                    s.entropyRate(), s.entropyRateError(), s.entropyRatePerChar(), s.entropyRateErrorPerChar());
        }
    }
}
