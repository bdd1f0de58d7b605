package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.config.OptimConfig.Schedule;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class AdamWTest {

    private static final ModelConfig MODEL = new ModelConfig(1, 2, 8, 4, 10, true);

    @ParameterizedTest(name = "host kernels: {0}")
    @ValueSource(booleans = {true, false})
    void weightDecayShrinksOnlyBlockMatricesNotEmbeddingsGainsOrBiases(boolean host) {
        OptimConfig optim = new OptimConfig(0.1, 0.1, Schedule.CONSTANT, 0, 0.2, 0.9, 0.95, 1e-8, 0.5, 1.0);
        Parameters params = Parameters.initial(MODEL, 1);
        Parameters before = Parameters.zeros(MODEL);
        before.copyFrom(params);
        new AdamW(optim, MODEL, host).step(params, Parameters.zeros(MODEL), 0, 0.1, 1);
        for (ParamSpec spec : params.specs()) {
            INDArray expected = spec.role().isDecayed() ? before.get(spec.name()).mul(1 - 0.1 * 0.5)
                    : before.get(spec.name());
            assertThat(params.get(spec.name()).equalsWithEps(expected, 1e-7)).as(spec.name()).isTrue();
        }
    }

    @ParameterizedTest(name = "host kernels: {0}")
    @ValueSource(booleans = {true, false})
    void firstStepMovesEachWeightByTheLearningRateAgainstTheGradientSign(boolean host) {
        OptimConfig optim = new OptimConfig(0.01, 0.1, Schedule.CONSTANT, 0, 0.2, 0.9, 0.95, 1e-8, 0, 0);
        Parameters params = Parameters.initial(MODEL, 1);
        float before = params.get("h0/mlp/w1").getFloat(0, 0);
        Parameters gradients = Parameters.zeros(MODEL);
        gradients.get("h0/mlp/w1").putScalar(0, 0, 3.0);
        new AdamW(optim, MODEL, host).step(params, gradients, 3.0, 0.01, 1);
        assertThat((double) params.get("h0/mlp/w1").getFloat(0, 0)).isCloseTo(before - 0.01, within(1e-6));
    }

    @ParameterizedTest(name = "host kernels: {0}")
    @ValueSource(booleans = {true, false})
    void globalNormIsTheL2NormOverAllArrays(boolean host) {
        Parameters gradients = Parameters.zeros(MODEL);
        gradients.get("wte").putScalar(0, 0, 3.0);
        gradients.get("lnf/bias").putScalar(1, 4.0);
        assertThat(new AdamW(OptimConfig.defaults(), MODEL, host).globalNorm(gradients)).isCloseTo(5.0, within(1e-6));
    }

    @Test
    void hostLoopAndNd4jOperationsTakeTheSameStepsWithClipping() {
        OptimConfig optim = new OptimConfig(0.01, 0.1, Schedule.CONSTANT, 0, 0.2, 0.9, 0.95, 1e-8, 0.1, 0.5);
        Parameters onHost = Parameters.initial(MODEL, 2);
        Parameters onNd4j = Parameters.initial(MODEL, 2);
        AdamW hostAdam = new AdamW(optim, MODEL, true);
        AdamW nd4jAdam = new AdamW(optim, MODEL, false);
        Random random = new Random(3);
        Parameters gradients = Parameters.zeros(MODEL);
        for (int step = 1; step <= 5; step++) {
            for (long i = 0; i < gradients.count(); i++) gradients.flat().putScalar(i, random.nextGaussian());
            double norm = hostAdam.globalNorm(gradients);
            assertThat(nd4jAdam.globalNorm(gradients)).isCloseTo(norm, within(1e-4 * norm));
            hostAdam.step(onHost, gradients, norm, 0.01, step);
            nd4jAdam.step(onNd4j, gradients, norm, 0.01, step);
        }
        assertThat(onHost.flat().equalsWithEps(onNd4j.flat(), 1e-6)).isTrue();
        assertThat(onHost.flat().equalsWithEps(Parameters.initial(MODEL, 2).flat(), 1e-3)).as("moved").isFalse();
    }
}
