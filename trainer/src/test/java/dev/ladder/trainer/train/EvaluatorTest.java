package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.Parameters;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {

    @TempDir
    static Path cache;
    private static PreparedCorpus data;

    @BeforeAll
    static void start() {
        Backend.start(Device.CPU, 1);
        data = TokenCache.prepare("synthetic:markov?chars=20000", "char", cache, 0.1, 0);
    }

    @Test
    void meanLossEqualsTheEnginesLossOverTheSameWindowsWithAShortLastBatch() {
        int seqLen = 16;
        ModelConfig model = new ModelConfig(1, 2, 16, seqLen, data.tokenizer().vocabSize(), true);
        Engine engine = Engine.create(Engine.Kind.FAST, model, Parameters.initial(model, 3), new Engine.Options(true, 1));
        ValidationWindows windows = ValidationWindows.subset(data.val(), seqLen, 10, 11);

        LossTally tally = new Evaluator(engine, data.val(), 4).evaluate(windows);

        double sum = 0;
        for (int first = 0; first < 10; first += 4) {
            int rows = Math.min(4, 10 - first);
            int[] ids = new int[rows * (seqLen + 1)];
            for (int b = 0; b < rows; b++) data.val().read(windows.starts()[first + b], ids, b * (seqLen + 1), seqLen + 1);
            sum += engine.loss(Batch.fromRows(ids, rows, seqLen)) * rows * seqLen;
        }
        assertThat(tally.tokens()).isEqualTo(10 * seqLen);
        assertThat(tally.mean()).isCloseTo(sum / (10 * seqLen), within(1e-5));
        assertThat(tally.byPosition()).hasSize(seqLen);
        assertThat(tally.stdError()).isPositive();
    }
}
