package dev.ladder.data.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.data.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The corpus subcommands run for real: exit codes and printed output. */
class CorpusCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code ladder corpus ARGS} with the root command's mapping: InvalidInputException → exit code 2. */
    private int run(String... args) {
        CommandLine cli = new CommandLine(new CorpusCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, line, parse) -> {
            if (!(ex instanceof InvalidInputException)) throw ex;
            line.getErr().println("error: " + ex.getMessage());
            line.getErr().flush();
            return 2;
        });
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.isEmpty()) all.add("--cache-dir=" + dir.resolve("cache"));
        return cli.execute(all.toArray(String[]::new));
    }

    private JsonNode statsJson(String corpus, String tokenizer) throws IOException {
        out.getBuffer().setLength(0);
        assertThat(run("stats", corpus, "--tokenizer", tokenizer, "--json")).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void statsOnSyntheticTextAndJsonlWithEveryTokenizerKind() throws IOException {
        Path text = Files.writeString(dir.resolve("t.txt"), "To be, or not to be: that is the question.\n".repeat(20));
        Path jsonl = Files.writeString(dir.resolve("d.jsonl"), "{\"text\":\"first document\"}\n{\"text\":\"second"
                + " document, longer\"}\n");
        List<String> corpora = List.of("synthetic:markov?chars=3000", "file:" + text, "jsonl:" + jsonl + "#text");
        for (String corpus : corpora) {
            for (String tokenizer : List.of("char", "bpe:300", "tiktoken:cl100k_base")) {
                JsonNode s = statsJson(corpus, tokenizer);
                long chars = s.get("chars").asLong();
                long tokens = s.get("tokens").asLong();
                assertThat(s.get("corpus").asText()).isEqualTo(corpus);
                assertThat(s.get("tokenizer").asText()).isEqualTo(tokenizer);
                assertThat(tokens).isPositive().isLessThanOrEqualTo(chars);
                assertThat(s.get("unigramEntropy").asDouble()).isPositive()
                        .isLessThanOrEqualTo(Math.log(s.get("vocabSize").asDouble()));
                assertThat(s.has("entropyRate")).isEqualTo(corpus.startsWith("synthetic"));
                if (s.has("entropyRate")) {
                    assertThat(s.get("entropyRate").asDouble())
                            .isCloseTo(s.get("entropyRatePerChar").asDouble() * chars / tokens,
                                    offset(1e-9));
                }
            }
        }
        assertThat(statsJson("jsonl:" + jsonl + "#text", "char").get("documents").asInt()).isEqualTo(2);
    }

    @Test
    void statsTablePrintsEntropyRateOfSyntheticCorpus() {
        assertThat(run("stats", "synthetic:markov?chars=2000", "--tokenizer", "char")).isZero();
        assertThat(out.toString()).contains("chars           2000").contains("vocabSize       11")
                .contains("entropyRate     1.8073 ± 0.0000 nats/token (1.8073 ± 0.0000 nats/char)");
    }

    @Test
    void badSpecsExitWithCodeTwoAndTheAllowedValues() {
        assertThat(run("stats", "synthetic:markov?chars=2000", "--tokenizer", "sentencepiece")).isEqualTo(2);
        assertThat(err.toString()).contains("\"sentencepiece\"").contains("bpe:<vocabSize");
        assertThat(run("stats", "ftp:x", "--tokenizer", "char")).isEqualTo(2);
        assertThat(err.toString()).contains("jsonl:<path>#<field>");
        assertThat(run("fetch", "wikipedia")).isEqualTo(2);
        assertThat(err.toString()).contains("[gutenberg]");
    }

    @Test
    void prepareWritesTokenFilesAndPrintsThem() {
        assertThat(run("prepare", "synthetic:markov?chars=4000", "--tokenizer", "char", "--val-fraction", "0.2",
                "--seed", "3")).as(err.toString()).isZero();
        String printed = out.toString();
        assertThat(printed).contains("train.bin").contains("val.bin").contains("uint16").contains("entropyRate");
        Path train = Path.of(printed.lines().filter(l -> l.startsWith("train")).findFirst().orElseThrow()
                .split("\\s+")[1]);
        assertThat(train).exists();
        assertThat(train.resolveSibling("train.json")).exists();
        assertThat(train.resolveSibling("tokenizer.json")).exists();
    }

    @Test
    void corpusAloneListsSubcommands() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("stats").contains("prepare").contains("fetch");
    }
}
