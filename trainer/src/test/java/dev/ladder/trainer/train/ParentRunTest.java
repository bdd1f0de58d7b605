package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.batch.BatchSampler;
import dev.ladder.data.runlog.MetricsLog;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.runlog.RunSummary.Status;
import dev.ladder.data.runlog.StepRecord;
import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.FlopsCount;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.Parameters;
import dev.ladder.trainer.model.SoftTargets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Fine-tuning and distillation runs: where their weights and targets come from, what run.json records, resume. */
class ParentRunTest {

    /** 1 layer, context 16, batch 4: 30 steps of 64 tokens, on a small corpus (the same for parents and children). */
    private static final List<String> TINY = List.of("model.nLayer=1", "model.dModel=16", "model.nHead=2",
            "model.seqLen=16", "train.batchSize=4", "train.tokens=1920", "train.evalBatches=2", "optim.lr=3e-3",
            "train.threads=1", "data.corpus=synthetic:default?chars=200000");
    private static final String TARGET = "data.corpus=synthetic:default?chars=200000&redraw=0.3";

    @TempDir
    static Path cache;
    @TempDir
    static Path runs;

    private static Backend backend;
    private static Trainer parent;
    private static Trainer teacher;

    @BeforeAll
    static void trainParents() {
        backend = Backend.start(Device.CPU, 1);
        parent = trainer("parent", List.of());
        assertThat(parent.train(backend, () -> false, TrainProgress.silent()).status()).isEqualTo(Status.COMPLETED);
        teacher = trainer("teacher", List.of("model.dModel=32", "model.nLayer=2", "train.tokens=3840"));
        assertThat(teacher.train(backend, () -> false, TrainProgress.silent()).status()).isEqualTo(Status.COMPLETED);
    }

    private static Trainer trainer(String runId, List<String> extra) {
        List<String> sets = new ArrayList<>(TINY);
        sets.addAll(extra);
        RunConfig config = ConfigLoader.load(null, sets);
        return new Trainer(config, new RunDirectory(runs.resolve("single").resolve(runId)), runId, null, cache);
    }

    private static String pretrained() {
        return "init.pretrained=" + parent.dir().dir();
    }

    private static String teacherKey() {
        return "distill.teacher=" + teacher.dir().dir();
    }

    @Test
    void fineTuningStartsFromExactlyTheParentsWeights() {
        RunConfig config = ConfigLoader.load(null, concat(TINY, List.of(TARGET, pretrained(), "seed=9")));
        PreparedCorpus data = TokenCache.prepare(config.data().corpus(), config.data().tokenizer(), cache,
                config.data().valFraction(), config.data().splitSeed());
        ModelConfig model = config.model().toModel(data.tokenizer().vocabSize());
        ParentRun from = ParentRun.open("init.pretrained", parent.dir().dir().toString());
        TrainLoop loop = new TrainLoop(config, model, data, new RunDirectory(runs.resolve("unused")), "unused",
                backend.engineOptions(), from, null);
        Parameters weights = from.weights();
        assertThat(loop.params().flat().data().asFloat()).containsExactly(weights.flat().data().asFloat());
        assertThat(loop.params().flat().equals(Parameters.initial(model, 9).flat())).isFalse();
        assertThat(weights.flat().equals(Parameters.initial(model, 1).flat())).isFalse();   // the parent trained
        Parameters resumed = Parameters.zeros(model);
        assertThat(new Checkpoints(parent.dir().checkpoint()).load(resumed, new AdamW(config.optim(), model, true)))
                .isPresent();
        assertThat(weights.flat().data().asFloat()).as("the weights the parent's own resume reads")
                .containsExactly(resumed.flat().data().asFloat());

        Trainer tuned = trainer("tuned", List.of(TARGET, pretrained(), "seed=9"));
        assertThat(tuned.train(backend, () -> false, TrainProgress.silent()).status()).isEqualTo(Status.COMPLETED);
        StepRecord first = RunLogReader.read(tuned.dir().metrics()).steps().get(0);
        Batch batch = Batch.fromRows(new BatchSampler(data.train(), 4, 16, 9).next(), 4, 16);
        double parentLoss = Engine.create(Engine.Kind.FAST, model, weights, backend.engineOptions()).loss(batch);
        assertThat(first.trainLoss()).isEqualTo(parentLoss);

        RunInfo info = RunJson.readInfo(tuned.dir().runJson());
        assertThat(info.parents().pretrained().runId()).isEqualTo("parent");
        assertThat(info.parents().pretrained().path()).isEqualTo(parent.dir().dir().toAbsolutePath().toString());
        assertThat(info.parents().teacher()).isNull();
        assertThat(info.flops().pretrained()).isEqualTo(
                RunJson.readInfo(parent.dir().runJson()).flopsPerToken().chinchillaExact() * 1920);
        assertThat(info.flops().teacherInference()).isNull();
    }

    @Test
    void fineTuningRefusesAnotherShapeNamingBoth() {
        Trainer wide = trainer("wide", List.of(TARGET, pretrained(), "model.dModel=32"));
        assertThatThrownBy(() -> wide.train(backend, () -> false, TrainProgress.silent()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("init.pretrained").hasMessageContaining("dModel 16")
                .hasMessageContaining("dModel 32").hasMessageContaining("allowed");
        assertThat(wide.dir().exists()).isFalse();
    }

    @Test
    void refusesAMissingOrUnfinishedParent() {
        Trainer missing = trainer("orphan", List.of("distill.teacher=" + runs.resolve("nowhere")));
        assertThatThrownBy(() -> missing.train(backend, () -> false, TrainProgress.silent()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("distill.teacher")
                .hasMessageContaining("nowhere").hasMessageContaining("completed run");
        Trainer stopped = trainer("stopped", List.of());
        stopped.train(backend, () -> true, TrainProgress.silent());
        Trainer child = trainer("child", List.of("init.pretrained=" + stopped.dir().dir()));
        assertThatThrownBy(() -> child.train(backend, () -> false, TrainProgress.silent()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("interrupted");
        assertThat(child.dir().exists()).isFalse();
    }

    @Test
    void teacherWithAnotherVocabularyIsRefused() {
        Trainer markov = trainer("markov", List.of("data.corpus=synthetic:markov?chars=50000",
                "distill.teacher=" + teacher.dir().dir()));
        assertThatThrownBy(() -> markov.train(backend, () -> false, TrainProgress.silent()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("distill.teacher")
                .hasMessageContaining("tokenizer");
    }

    /**
     * The student's first step: its distillLoss is the objective against the recorded teacher's checkpoint,
     * recomputed here from that checkpoint, the student's initial weights and the first batch.
     */
    @Test
    void distillationLearnsFromTheRecordedTeacher() {
        Trainer student = trainer("student", List.of(teacherKey(), "distill.lambda=0.5", "distill.temperature=2"));
        assertThat(student.train(backend, () -> false, TrainProgress.silent()).status()).isEqualTo(Status.COMPLETED);
        RunInfo info = RunJson.readInfo(student.dir().runJson());
        RunInfo.Parent recorded = info.parents().teacher();
        assertThat(recorded.runId()).isEqualTo("teacher");
        assertThat(recorded.finalValLoss()).isEqualTo(RunJson.readSummary(teacher.dir().summaryJson())
                .finalValLoss());

        ParentRun fromRecord = ParentRun.open("distill.teacher", recorded.path());
        RunConfig config = student.config();
        PreparedCorpus data = TokenCache.prepare(config.data().corpus(), config.data().tokenizer(), cache,
                config.data().valFraction(), config.data().splitSeed());
        ModelConfig model = config.model().toModel(data.tokenizer().vocabSize());
        Batch batch = Batch.fromRows(new BatchSampler(data.train(), 4, 16, 1).next(), 4, 16);
        INDArray teacherLogits = Engine.create(Engine.Kind.FAST, fromRecord.model(), fromRecord.weights(),
                        backend.engineOptions())
                .logits(batch);
        SoftTargets.Loss expected = Engine.create(Engine.Kind.FAST, model, Parameters.initial(model, 1),
                        backend.engineOptions())
                .lossAndGradients(batch, new SoftTargets(teacherLogits, 0.5, 2));
        MetricsLog log = RunLogReader.read(student.dir().metrics());
        assertThat(log.steps().get(0).distillLoss()).isEqualTo(expected.objective());
        assertThat(log.steps().get(0).trainLoss()).isEqualTo(expected.crossEntropy());
        assertThat(log.steps()).allSatisfy(s -> assertThat(s.distillLoss()).isNotNull());

        double teacherPerToken = RunJson.readInfo(teacher.dir().runJson()).flopsPerToken().chinchillaExact();
        assertThat(info.flops().teacherInference()).isEqualTo(teacherPerToken / 3 * 1920);
        assertThat(info.flops().teacherPretraining()).isEqualTo(teacherPerToken * 3840);
        assertThat(info.flops().student()).isEqualTo(FlopsCount.chinchillaExact(model, true) * 1920);
    }

    @Test
    void resumedDistillationRepeatsTheUninterruptedLossesBitForBit() {
        List<String> distil = List.of(teacherKey(), "train.checkpointEvery=7");
        Trainer straight = trainer("straight", distil);
        straight.train(backend, () -> false, TrainProgress.silent());
        Trainer stopped = trainer("resumed", distil);
        AtomicInteger checks = new AtomicInteger();
        assertThat(stopped.train(backend, () -> checks.incrementAndGet() >= 12, TrainProgress.silent()).status())
                .isEqualTo(Status.INTERRUPTED);
        assertThat(stopped.train(backend, () -> false, TrainProgress.silent()).status()).isEqualTo(Status.COMPLETED);
        MetricsLog a = RunLogReader.read(straight.dir().metrics());
        MetricsLog b = RunLogReader.read(stopped.dir().metrics());
        assertThat(b.steps()).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(b.steps().get(i).trainLoss()).as("step %d", i + 1).isEqualTo(a.steps().get(i).trainLoss());
            assertThat(b.steps().get(i).distillLoss()).as("step %d", i + 1)
                    .isEqualTo(a.steps().get(i).distillLoss());
        }
        assertThat(b.evals().stream().map(e -> e.valLoss()).toList())
                .isEqualTo(a.evals().stream().map(e -> e.valLoss()).toList());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
