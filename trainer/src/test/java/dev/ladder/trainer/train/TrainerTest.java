package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.corpus.Corpora;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.MetricsLog;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.runlog.RunSummary.Status;
import dev.ladder.data.runlog.StepRecord;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    /** 1 layer, dModel 16, context 16, batch 4: 30 steps of 64 tokens. */
    private static final List<String> TINY = List.of("model.nLayer=1", "model.dModel=16", "model.nHead=2",
            "model.seqLen=16", "train.batchSize=4", "train.tokens=1920", "train.evalBatches=2", "optim.lr=3e-3",
            "train.threads=1");

    @TempDir
    static Path cache;
    @TempDir
    Path runs;

    private static Backend backend;

    @BeforeAll
    static void startNd4j() {
        backend = Backend.start(Device.CPU, 1);
    }

    private Trainer trainer(String runId, List<String> extra) {
        List<String> sets = new ArrayList<>(TINY);
        sets.addAll(extra);
        RunConfig config = ConfigLoader.load(null, sets);
        return new Trainer(config, new RunDirectory(runs.resolve("single").resolve(runId)), runId, null, cache);
    }

    @Test
    void writesARunDirectoryThatReadsBackWithTheSchema() {
        Trainer trainer = trainer("tiny", List.of());
        RunSummary summary = trainer.train(backend, () -> false, TrainProgress.silent());
        assertThat(summary.status()).isEqualTo(Status.COMPLETED);

        RunInfo info = RunJson.readInfo(trainer.dir().runJson());
        assertThat(info.params().total()).isEqualTo(info.params().embedding() + info.params().nonEmbedding());
        assertThat(info.plannedTokens()).isEqualTo(1920);
        assertThat(info.corpus().entropyRate()).isPositive();
        assertThat(info.provenance().threads()).isEqualTo(1);
        MetricsLog log = RunLogReader.read(trainer.dir().metrics());
        assertThat(log.warnings()).isEmpty();
        assertThat(log.steps()).hasSize(30);
        assertThat(log.evals()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(log.evals().get(log.evals().size() - 1).valLoss()).isLessThan(log.evals().get(0).valLoss() - 0.3);
        assertThat(log.evals()).allMatch(e -> e.valLossStderr() > 0 && e.valTokens() == 2 * 4 * 16);
        RunSummary read = RunJson.readSummary(trainer.dir().summaryJson());
        assertThat(read).isEqualTo(summary);
        EvalRecord whole = log.wholeSplit().orElseThrow();
        assertThat(read.finalValLoss()).isEqualTo(whole.valLoss());
        assertThat(read.finalValLossStderr()).isEqualTo(whole.valLossStderr());
        assertThat(read.finalValTokens()).isEqualTo(whole.valTokens());
        assertThat(trainer.completed()).contains(read);
    }

    @Test
    void theFinalEvaluationCoversTheWholeValidationSplitWithLossByPosition() {
        String corpus = "synthetic:markov?chars=30000";
        Trainer trainer = trainer("whole", List.of("data.corpus=" + corpus));
        RunSummary summary = trainer.train(backend, () -> false, TrainProgress.silent());
        long valTokens = TokenCache.prepare(corpus, "char", cache, 0.1, 0).val().length();

        MetricsLog log = RunLogReader.read(trainer.dir().metrics());
        EvalRecord whole = log.wholeSplit().orElseThrow();
        assertThat(whole.valTokens()).isEqualTo(valTokens - 1);
        assertThat(whole.step()).isEqualTo(30);
        assertThat(whole.lossByPosition()).hasSize(16);
        // every position is predicted equally often but the last window's few: the position means average to the loss
        double mean = whole.lossByPosition().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(mean).isCloseTo(whole.valLoss(), within(0.02));
        assertThat(whole.lossByPosition().get(0)).isGreaterThan(whole.lossByPosition().get(15));
        assertThat(whole.valLossStderr()).isPositive().isLessThan(0.05 * whole.valLoss());
        assertThat(log.evals()).noneMatch(EvalRecord::coversWholeSplit);
        assertThat(summary.finalValLoss()).isEqualTo(whole.valLoss());
        RunInfo.CorpusInfo info = RunJson.readInfo(trainer.dir().runJson()).corpus();
        assertThat(info.contextFloor()).isEqualTo(Corpora.contextFloor(corpus, 16).orElseThrow().natsPerChar());
        assertThat(info.contextFloor()).isGreaterThan(info.entropyRate());
        assertThat(info.contextFloorError()).isZero();
        assertThat(info.contextLength()).isEqualTo(16);
    }

    @Test
    void theFinalEvaluationIsCappedAtFinalEvalTokens() {
        Trainer trainer = trainer("capped", List.of("train.finalEvalTokens=100"));
        RunSummary summary = trainer.train(backend, () -> false, TrainProgress.silent());
        assertThat(summary.finalValTokens()).isEqualTo(100 / 16 * 16);
    }

    @Test
    void resumedRunRepeatsTheUninterruptedLossesBitForBit() {
        Trainer straight = trainer("straight", List.of("train.checkpointEvery=7"));
        straight.train(backend, () -> false, TrainProgress.silent());

        Trainer stopped = trainer("stopped", List.of("train.checkpointEvery=7"));
        AtomicInteger checks = new AtomicInteger();
        RunSummary first = stopped.train(backend, () -> checks.incrementAndGet() >= 12, TrainProgress.silent());
        assertThat(first.status()).isEqualTo(Status.INTERRUPTED);
        assertThat(first.steps()).isEqualTo(12);
        RunSummary second = stopped.train(backend, () -> false, TrainProgress.silent());
        assertThat(second.status()).isEqualTo(Status.COMPLETED);

        MetricsLog a = RunLogReader.read(straight.dir().metrics());
        MetricsLog b = RunLogReader.read(stopped.dir().metrics());
        assertThat(b.steps()).hasSize(30);
        for (int i = 0; i < 30; i++) {
            StepRecord x = a.steps().get(i);
            StepRecord y = b.steps().get(i);
            assertThat(y.trainLoss()).as("step %d", x.step()).isEqualTo(x.trainLoss());
            assertThat(y.gradNorm()).as("step %d", x.step()).isEqualTo(x.gradNorm());
        }
        assertThat(b.evals().stream().map(e -> e.valLoss()).toList())
                .isEqualTo(a.evals().stream().map(e -> e.valLoss()).toList());
        assertThat(second.finalValLoss()).isEqualTo(RunJson.readSummary(straight.dir().summaryJson()).finalValLoss());
    }

    @Test
    void aCheckpointOfTheReferenceEngineResumesOnTheFastEngine() {
        List<String> reference = List.of("train.checkpointEvery=7", "train.engine=samediff");
        Trainer straight = trainer("straight", reference);
        straight.train(backend, () -> false, TrainProgress.silent());

        AtomicInteger checks = new AtomicInteger();
        Trainer stopped = trainer("switched", reference);
        assertThat(stopped.train(backend, () -> checks.incrementAndGet() >= 12, TrainProgress.silent()).status())
                .isEqualTo(Status.INTERRUPTED);
        Trainer resumed = trainer("switched", List.of("train.checkpointEvery=7", "train.engine=fast"));
        assertThat(resumed.train(backend, () -> false, TrainProgress.silent()).status()).isEqualTo(Status.COMPLETED);

        List<StepRecord> a = RunLogReader.read(straight.dir().metrics()).steps();
        List<StepRecord> b = RunLogReader.read(resumed.dir().metrics()).steps();
        assertThat(b).hasSize(30);
        for (int i = 0; i < 30; i++) {
            double tolerance = i < 12 ? 0 : 1e-4 * a.get(i).trainLoss();   // same engine, then the other one
            assertThat(b.get(i).trainLoss()).as("step %d", i + 1).isCloseTo(a.get(i).trainLoss(),
                    within(tolerance));
        }
    }

    @Test
    void aHugeLearningRateEndsTheRunAsDiverged() {
        Trainer trainer = trainer("diverge", List.of("optim.lr=9", "optim.gradClip=0", "optim.warmup=0",
                "optim.schedule=constant"));
        RunSummary summary = trainer.train(backend, () -> false, TrainProgress.silent());
        assertThat(summary.status()).isEqualTo(Status.DIVERGED);
        assertThat(summary.message()).contains("loss");
        assertThat(RunJson.readSummary(trainer.dir().summaryJson()).status()).isEqualTo(Status.DIVERGED);
    }

    @Test
    void refusesToResumeWithADifferentConfig() {
        trainer("changed", List.of()).train(backend, () -> false, TrainProgress.silent());
        Trainer other = trainer("changed", List.of("optim.lr=1e-3"));
        assertThatThrownBy(() -> other.train(backend, () -> false, TrainProgress.silent()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("run.json")
                .hasMessageContaining("differs");
    }

    @Test
    void contextLongerThanTheValidationSplitIsAClearError() {
        Trainer trainer = trainer("long", List.of("data.corpus=synthetic:default?chars=20000", "model.seqLen=4096",
                "train.tokens=16384"));
        assertThatThrownBy(() -> trainer.train(backend, () -> false, TrainProgress.silent()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("seqLen");
    }
}
