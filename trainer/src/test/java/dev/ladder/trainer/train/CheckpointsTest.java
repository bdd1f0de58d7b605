package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.batch.BatchSampler;
import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    private static final ModelConfig MODEL = new ModelConfig(1, 2, 8, 4, 10, false);

    @TempDir
    Path run;

    private static TrainState state(long step) {
        return new TrainState(step, step * 16, new BatchSampler.Cursor(5, step), 1.5 * step, 5, 2.3, 2.0, 1.9);
    }

    private static AdamW adamWithMoments(Parameters params) {
        AdamW adam = new AdamW(OptimConfig.defaults(), MODEL, true);
        adam.firstMoment().copyFrom(params);
        adam.secondMoment().copyFrom(Parameters.initial(MODEL, 99));
        return adam;
    }

    @Test
    void roundTripsStateParametersAndMomentsExactly() {
        Parameters params = Parameters.initial(MODEL, 1);
        Checkpoints checkpoints = new Checkpoints(run.resolve("checkpoint"));
        checkpoints.save(state(7), params, adamWithMoments(params));

        Parameters restored = Parameters.zeros(MODEL);
        AdamW adam = new AdamW(OptimConfig.defaults(), MODEL, true);
        assertThat(checkpoints.load(restored, adam)).contains(state(7));
        for (ParamSpec spec : params.specs()) {
            assertThat(restored.get(spec.name())).isEqualTo(params.get(spec.name()));
            assertThat(adam.firstMoment().get(spec.name())).isEqualTo(params.get(spec.name()));
        }
        assertThat(adam.secondMoment().get("h0/mlp/w1"))
                .isEqualTo(Parameters.initial(MODEL, 99).get("h0/mlp/w1"));
    }

    @Test
    void aNewCheckpointReplacesTheOldOneAndLeavesNoTemporaryFolders() throws Exception {
        Parameters params = Parameters.initial(MODEL, 1);
        Checkpoints checkpoints = new Checkpoints(run.resolve("checkpoint"));
        checkpoints.save(state(1), params, adamWithMoments(params));
        checkpoints.save(state(2), params, adamWithMoments(params));
        assertThat(checkpoints.load(Parameters.zeros(MODEL), new AdamW(OptimConfig.defaults(), MODEL, true)))
                .contains(state(2));
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("checkpoint");
        }
    }

    @Test
    void aCrashBetweenTheTwoRenamesFallsBackToThePreviousCheckpoint() throws Exception {
        Parameters params = Parameters.initial(MODEL, 1);
        Checkpoints checkpoints = new Checkpoints(run.resolve("checkpoint"));
        checkpoints.save(state(3), params, adamWithMoments(params));
        Files.move(run.resolve("checkpoint"), run.resolve("checkpoint.old"));
        assertThat(checkpoints.load(Parameters.zeros(MODEL), new AdamW(OptimConfig.defaults(), MODEL, true)))
                .contains(state(3));
    }

    @Test
    void aCheckpointOfAnotherShapeIsRefusedNamingTheMismatch() {
        Parameters params = Parameters.initial(MODEL, 1);
        Checkpoints checkpoints = new Checkpoints(run.resolve("checkpoint"));
        checkpoints.save(state(3), params, adamWithMoments(params));
        ModelConfig wider = new ModelConfig(1, 2, 16, 4, 10, false);
        AdamW widerAdam = new AdamW(OptimConfig.defaults(), wider, true);
        assertThatThrownBy(() -> checkpoints.load(Parameters.zeros(wider), widerAdam))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot read checkpoint")
                .hasMessageContaining("wte");
    }

    @Test
    void aCorruptCheckpointIsMovedAsideWithAWarningAndTheRunStartsAfresh() throws Exception {
        Parameters params = Parameters.initial(MODEL, 1);
        ByteArrayOutputStream warned = new ByteArrayOutputStream();
        Checkpoints checkpoints = new Checkpoints(run.resolve("checkpoint"),
                new PrintStream(warned, true, StandardCharsets.UTF_8));
        checkpoints.save(state(4), params, adamWithMoments(params));
        Path arrays = run.resolve("checkpoint").resolve("arrays.bin");
        byte[] bytes = Files.readAllBytes(arrays);
        bytes[bytes.length / 2] ^= 0x10;   // one flipped bit in a weight
        Files.write(arrays, bytes);

        Parameters target = Parameters.zeros(MODEL);
        assertThat(checkpoints.load(target, new AdamW(OptimConfig.defaults(), MODEL, true))).isEmpty();
        assertThat(target.get("h0/mlp/w1").sumNumber().doubleValue()).as("nothing assigned").isZero();
        assertThat(warned.toString(StandardCharsets.UTF_8)).contains("corrupt checkpoint")
                .contains("CRC-32").contains(run.resolve("checkpoint.corrupt-1").toString());
        assertThat(run.resolve("checkpoint")).doesNotExist();
        assertThat(run.resolve("checkpoint.corrupt-1").resolve("arrays.bin")).hasBinaryContent(bytes);
    }

    @Test
    void aCutShortLatestCheckpointFallsBackToThePreviousOne() throws Exception {
        Parameters params = Parameters.initial(MODEL, 1);
        ByteArrayOutputStream warned = new ByteArrayOutputStream();
        Checkpoints checkpoints = new Checkpoints(run.resolve("checkpoint"),
                new PrintStream(warned, true, StandardCharsets.UTF_8));
        checkpoints.save(state(3), params, adamWithMoments(params));
        Files.move(run.resolve("checkpoint"), run.resolve("checkpoint.old"));
        new Checkpoints(run.resolve("other")).save(state(6), params, adamWithMoments(params));
        Files.move(run.resolve("other"), run.resolve("checkpoint"));   // the newer one, then cut short below
        Path arrays = run.resolve("checkpoint").resolve("arrays.bin");
        byte[] full = Files.readAllBytes(arrays);
        Files.write(arrays, Arrays.copyOf(full, full.length / 3));

        assertThat(checkpoints.load(Parameters.zeros(MODEL), new AdamW(OptimConfig.defaults(), MODEL, true)))
                .contains(state(3));
        assertThat(warned.toString(StandardCharsets.UTF_8)).contains("arrays.bin is cut short");
        assertThat(run.resolve("checkpoint.corrupt-1").resolve("arrays.bin")).hasSize(full.length / 3);
    }

    @Test
    void savingAfterACrashBetweenTheRenamesKeepsAValidCheckpointThroughout() throws Exception {
        Parameters params = Parameters.initial(MODEL, 1);
        Checkpoints checkpoints = new Checkpoints(run.resolve("checkpoint"));
        checkpoints.save(state(3), params, adamWithMoments(params));
        Files.move(run.resolve("checkpoint"), run.resolve("checkpoint.old"));
        Files.createDirectories(run.resolve("checkpoint.tmp123"));   // a write cut short by the same crash
        checkpoints.save(state(4), params, adamWithMoments(params));
        assertThat(checkpoints.load(Parameters.zeros(MODEL), new AdamW(OptimConfig.defaults(), MODEL, true)))
                .contains(state(4));
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("checkpoint");
        }
    }

    @Test
    void noCheckpointMeansAFreshStart() {
        assertThat(new Checkpoints(run.resolve("checkpoint"))
                .load(Parameters.zeros(MODEL), new AdamW(OptimConfig.defaults(), MODEL, true))).isEmpty();
    }
}
