package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.batch.BatchSampler;
import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void noCheckpointMeansAFreshStart() {
        assertThat(new Checkpoints(run.resolve("checkpoint"))
                .load(Parameters.zeros(MODEL), new AdamW(OptimConfig.defaults(), MODEL, true))).isEmpty();
    }
}
