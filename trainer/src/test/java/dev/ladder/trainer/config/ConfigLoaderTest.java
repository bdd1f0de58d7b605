package dev.ladder.trainer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.model.InitStd;
import dev.ladder.trainer.model.ParamCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path file = dir.resolve("run.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void fileHoldsOnlyWhatDiffersFromDefaults() throws IOException {
        Path file = write("{\"description\": \"a test\", \"model\": {\"dModel\": 32},"
                + " \"optim\": {\"schedule\": \"wsd\"}}");
        RunConfig config = ConfigLoader.load(file, List.of());
        assertThat(config.model().dModel()).isEqualTo(32);
        assertThat(config.model().nLayer()).isEqualTo(ModelSection.defaults().nLayer());
        assertThat(config.optim().schedule()).isEqualTo(OptimConfig.Schedule.WSD);
        assertThat(config.description()).isEqualTo("a test");
        assertThat(config.train()).isEqualTo(TrainConfig.defaults());
    }

    @Test
    void overridesApplyOnTopOfTheFile() throws IOException {
        Path file = write("{\"optim\": {\"lr\": 0.01}}");
        RunConfig config = ConfigLoader.load(file, List.of("optim.lr=3e-4", "data.corpus=file:x.txt", "seed=7"));
        assertThat(config.optim().lr()).isEqualTo(3e-4);
        assertThat(config.data().corpus()).isEqualTo("file:x.txt");
        assertThat(config.seed()).isEqualTo(7);
    }

    @Test
    void rejectsUnknownKeyNamingFileFieldAndAllowedKeys() throws IOException {
        Path file = write("{\"optim\": {\"learningRate\": 0.01}}");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("optim.learningRate")
                .hasMessageContaining("lr, minLrFraction");
    }

    @Test
    void rejectsUnknownScheduleNamingAllowedValues() throws IOException {
        Path file = write("{\"optim\": {\"schedule\": \"cosin\"}}");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file + ": optim.schedule = \"cosin\" is not allowed")
                .hasMessageContaining("allowed: [CONSTANT, COSINE, WSD]");
    }

    @Test
    void initStdIsGpt2UnlessTheFileAsksForFanInAndAnythingElseIsRefused() throws IOException {
        assertThat(ConfigLoader.load(write("{}"), List.of()).init().std()).isEqualTo(InitStd.gpt2);
        assertThat(ConfigLoader.load(write("{\"init\": {\"std\": \"fanIn\"}}"), List.of()).init().std())
                .isEqualTo(InitStd.fanIn);
        Path file = write("{\"init\": {\"std\": \"xavier\"}}");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file + ": init.std = \"xavier\" is not allowed")
                .hasMessageContaining("allowed: [gpt2, fanIn]");
    }

    @Test
    void rejectsWrongTypeNamingTheExpectedType() throws IOException {
        Path file = write("{\"model\": {\"nLayer\": \"four\"}}");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.nLayer = \"four\"")
                .hasMessageContaining("a whole number");
    }

    @Test
    void rejectsDModelNotDivisibleByHeadsNamingTheFile() throws IOException {
        Path file = write("{\"model\": {\"dModel\": 30, \"nHead\": 4}}");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("model.dModel = 30")
                .hasMessageContaining("model.nHead = 4");
    }

    @Test
    void rejectsBadOverrideNamingTheOverride() {
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("optim.lr=-1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("optim.lr = -1.0")
                .hasMessageContaining("(0, 10)");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("train.batchsize=4")))
                .hasMessageContaining("--set train.batchsize=4")
                .hasMessageContaining("unknown config key \"train.batchsize\"");
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("optim.lr")))
                .hasMessageContaining("key=value");
    }

    @Test
    void rejectsBrokenJsonWithLineNumber() throws IOException {
        Path file = write("{\n\"model\": {\"dModel\": 32,,}\n}");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("line 2");
    }

    @Test
    void warmupIsAFractionBelowOneElseTokens() {
        assertThat(ConfigLoader.load(null, List.of("optim.warmup=0.1")).optim().warmupTokens(1000)).isEqualTo(100);
        assertThat(ConfigLoader.load(null, List.of("optim.warmup=250")).optim().warmupTokens(1000)).isEqualTo(250);
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of("optim.warmup=2.5")))
                .hasMessageContaining("optim.warmup = 2.5");
    }

    @Test
    void resolvedConfigRoundTripsThroughJson() {
        RunConfig config = ConfigLoader.load(null, List.of("model.nLayer=3"));
        assertThat(ConfigLoader.MAPPER.convertValue(ConfigLoader.toJson(config), RunConfig.class)).isEqualTo(config);
    }

    @Test
    void tinyConfigIsAHundredThousandParameterModelOfAFewThousandSteps() {
        RunConfig tiny = ConfigLoader.load(Path.of("../configs/tiny.json"), List.of());
        long nonEmbedding = ParamCount.of(tiny.model().toModel(43)).nonEmbedding();
        assertThat(nonEmbedding).isBetween(80_000L, 120_000L);
        assertThat(tiny.steps()).isBetween(2_000L, 5_000L);
        assertThat(tiny.description()).contains("6·N·D");
    }
}
