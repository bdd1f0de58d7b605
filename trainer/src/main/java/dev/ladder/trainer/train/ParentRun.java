package dev.ladder.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.tokenizer.Tokenizer;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.Parameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A completed run that another run starts from ({@code init.pretrained}) or learns from ({@code distill.teacher}):
 * its run.json, summary.json and checkpoint. Opening one checks that it is there and completed; the checks against
 * the new run (shape, tokenizer, context) name the config key, both values and what is allowed.
 *
 * @param key     the config key that named it, for messages
 * @param dir     its run directory
 * @param info    its run.json
 * @param summary its summary.json
 */
public record ParentRun(String key, RunDirectory dir, RunInfo info, RunSummary summary) {

    /** Opens the run directory {@code path} named by config key {@code key}; it must hold a completed run. */
    public static ParentRun open(String key, String path) {
        RunDirectory dir = new RunDirectory(Path.of(path).toAbsolutePath().normalize());
        String named = key + " = \"" + path + "\"";
        if (!Files.isRegularFile(dir.runJson()) || !Files.isRegularFile(dir.summaryJson())) {
            throw new InvalidInputException(named + ": no run.json and summary.json in " + dir.dir()
                    + "; allowed: the run directory of a completed run");
        }
        RunSummary summary = RunJson.readSummary(dir.summaryJson());
        if (summary.status() != RunSummary.Status.COMPLETED) {
            throw new InvalidInputException(named + ": the run's status is " + summary.status().json()
                    + "; allowed: a completed run (train it to the end first)");
        }
        RunInfo info = RunJson.readInfo(dir.runJson());
        if (info.model() == null) {
            throw new InvalidInputException(named + ": run.json has no model shape; allowed: a run trained by ladder");
        }
        return new ParentRun(key, dir, info, summary);
    }

    /** The parent's model shape. */
    public ModelConfig model() {
        RunInfo.ModelShape m = info.model();
        return new ModelConfig(m.nLayer(), m.nHead(), m.dModel(), m.seqLen(), m.vocabSize(), m.tiedEmbeddings());
    }

    /** The parent's final weights, read from its checkpoint. */
    public Parameters weights() {
        Parameters params = Parameters.zeros(model());
        new Checkpoints(dir.checkpoint()).loadWeights(params);
        return params;
    }

    /** Refuses a parent whose shape differs from {@code model}'s (fine-tuning loads its weights as they are). */
    public void requireShape(ModelConfig model) {
        if (!model().equals(model)) {
            throw new InvalidInputException(key + " = \"" + dir.dir() + "\": its model is " + describe(model())
                    + " and this run's is " + describe(model) + "; allowed: the same shape (set model.* to match)");
        }
    }

    /**
     * Refuses a parent whose tokenizer or context differs from this run's: a teacher's logits must be over the
     * same tokens at the same positions. The parent's tokenizer comes from its own corpus through the token cache.
     */
    public void requireSameTokens(Tokenizer tokenizer, int seqLen, Path cacheDir) {
        RunInfo.ModelShape m = info.model();
        if (m.vocabSize() != tokenizer.vocabSize() || !sameTokenizer(tokenizer, cacheDir)) {
            throw new InvalidInputException(key + " = \"" + dir.dir() + "\": its tokenizer is "
                    + info.corpus().tokenizer() + " on " + info.corpus().spec() + " (" + m.vocabSize()
                    + " tokens), not the same as this run's " + tokenizer.spec() + " (" + tokenizer.vocabSize()
                    + " tokens); allowed: a run with the same tokenizer and vocabulary");
        }
        if (m.seqLen() != seqLen) {
            throw new InvalidInputException(key + " = \"" + dir.dir() + "\": its model.seqLen is " + m.seqLen()
                    + " and this run's " + seqLen + "; allowed: the same context length");
        }
    }

    private boolean sameTokenizer(Tokenizer tokenizer, Path cacheDir) {
        JsonNode data = info.config() == null ? null : info.config().path("data");
        double valFraction = data == null ? 0.1 : data.path("valFraction").asDouble(0.1);
        long splitSeed = data == null ? 0 : data.path("splitSeed").asLong(0);
        Tokenizer theirs = TokenCache.prepare(info.corpus().spec(), info.corpus().tokenizer(), cacheDir, valFraction,
                splitSeed).tokenizer();
        try {
            Path a = Files.createTempFile("ladder-tokenizer", ".json");
            Path b = Files.createTempFile("ladder-tokenizer", ".json");
            try {
                tokenizer.save(a);
                theirs.save(b);
                return Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
            } finally {
                Files.deleteIfExists(a);
                Files.deleteIfExists(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare tokenizers", e);
        }
    }

    /** FLOPs of the parent's own training: 3F(N) per token (chinchillaExact) times the tokens it trained on. */
    public double trainingFlops() {
        return info.flopsPerToken().chinchillaExact() * summary.tokens();
    }

    /** The parent as the new run's run.json records it. */
    public RunInfo.Parent toRunInfo() {
        return new RunInfo.Parent(info.runId(), info.ladder(), dir.dir().toString(), info.params().nonEmbedding(),
                summary.finalValLoss());
    }

    private static String describe(ModelConfig m) {
        return String.format(Locale.ROOT, "nLayer %d, nHead %d, dModel %d, seqLen %d, vocabSize %d, %s", m.nLayer(),
                m.nHead(), m.dModel(), m.seqLen(), m.vocabSize(), m.tiedEmbeddings() ? "tied" : "untied");
    }
}
