package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.config.OptimConfig.Schedule;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AdamWTest {

    private static final ModelConfig MODEL = new ModelConfig(1, 2, 8, 4, 10, true);

    private static Map<String, INDArray> zeroGradients(Parameters params) {
        Map<String, INDArray> gradients = new HashMap<>();
        for (ParamSpec spec : params.specs()) gradients.put(spec.name(), params.get(spec.name()).mul(0));
        return gradients;
    }

    @Test
    void weightDecayShrinksOnlyBlockMatricesNotEmbeddingsGainsOrBiases() {
        OptimConfig optim = new OptimConfig(0.1, 0.1, Schedule.CONSTANT, 0, 0.2, 0.9, 0.95, 1e-8, 0.5, 1.0);
        Parameters params = Parameters.initial(MODEL, 1);
        Parameters before = Parameters.zeros(MODEL);
        before.copyFrom(params);
        new AdamW(optim, MODEL).step(params, zeroGradients(params), 0, 0.1, 1);
        for (ParamSpec spec : params.specs()) {
            INDArray expected = spec.role().isDecayed() ? before.get(spec.name()).mul(1 - 0.1 * 0.5)
                    : before.get(spec.name());
            assertThat(params.get(spec.name()).equalsWithEps(expected, 1e-7)).as(spec.name()).isTrue();
        }
    }

    @Test
    void firstStepMovesEachWeightByTheLearningRateAgainstTheGradientSign() {
        OptimConfig optim = new OptimConfig(0.01, 0.1, Schedule.CONSTANT, 0, 0.2, 0.9, 0.95, 1e-8, 0, 0);
        Parameters params = Parameters.initial(MODEL, 1);
        float before = params.get("h0/mlp/w1").getFloat(0, 0);
        Map<String, INDArray> gradients = zeroGradients(params);
        gradients.get("h0/mlp/w1").putScalar(0, 0, 3.0);
        new AdamW(optim, MODEL).step(params, gradients, 3.0, 0.01, 1);
        assertThat((double) params.get("h0/mlp/w1").getFloat(0, 0)).isCloseTo(before - 0.01, within(1e-6));
    }

    @Test
    void globalNormIsTheL2NormOverAllArrays() {
        Parameters params = Parameters.initial(MODEL, 1);
        Map<String, INDArray> gradients = zeroGradients(params);
        gradients.get("wte").putScalar(0, 0, 3.0);
        gradients.get("lnf/bias").putScalar(1, 4.0);
        assertThat(AdamW.globalNorm(gradients, params)).isCloseTo(5.0, within(1e-9));
    }
}
