package dev.ladder.trainer.model.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import dev.ladder.trainer.model.SoftTargets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fast engine against the SameDiff reference on the same weights, and against finite differences, for the
 * cross-entropy and the distillation loss.
 */
class FastEngineTest {

    static Batch randomBatch(int batch, int seq, int vocab, long seed) {
        Random random = new Random(seed);
        int[] rows = new int[batch * (seq + 1)];
        for (int i = 0; i < rows.length; i++) rows[i] = random.nextInt(vocab);
        return Batch.fromRows(rows, batch, seq);
    }

    /** Weights drawn with biases and gains away from their initial 0 and 1, so every gradient path is exercised. */
    static Parameters perturbed(ModelConfig config, long seed) {
        Parameters params = Parameters.initial(config, seed);
        Random random = new Random(seed + 1);
        for (ParamSpec spec : params.specs()) {
            if (spec.role() == ParamSpec.Role.BIAS || spec.role() == ParamSpec.Role.GAIN) {
                INDArray p = params.get(spec.name());
                for (long i = 0; i < p.length(); i++) {
                    p.putScalar(i, p.getFloat(i) + 0.1f * (float) random.nextGaussian());
                }
            }
        }
        return params;
    }

    /** Max |a - b| relative to max |b|, over one array. */
    static double relativeError(INDArray a, INDArray b) {
        double scale = Math.max(b.amaxNumber().doubleValue(), 1e-12);
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }

    @ParameterizedTest(name = "L{0} H{1} d{2} T{3} V{4} tied={5} host={6}")
    @CsvSource({
        "1, 1, 8, 4, 7, true, true",
        "2, 2, 16, 12, 13, true, true",
        "2, 4, 32, 7, 11, false, true",
        "3, 3, 24, 10, 50, false, true",
        // contexts past one vector of 16 lanes (AVX-512): rows of the causal softmax end in a masked whole vector
        // (T 64, and T 40 up to row 32) or in single elements (T 40, rows 33-40)
        "2, 2, 16, 40, 13, true, true",
        "1, 2, 32, 64, 11, false, true",
        "2, 2, 16, 12, 13, true, false",
        "2, 4, 32, 7, 11, false, false",
        "2, 3, 24, 10, 7, false, false",
    })
    void lossAndEveryGradientMatchTheReference(int layers, int heads, int d, int seq, int vocab, boolean tied,
                                              boolean host) {
        ModelConfig config = new ModelConfig(layers, heads, d, seq, vocab, tied);
        Parameters params = perturbed(config, 5);
        Engine reference = Engine.create(Engine.Kind.SAMEDIFF, config, params, new Engine.Options(host, 2));
        Engine fast = Engine.create(Engine.Kind.FAST, config, params, new Engine.Options(host, 2));
        Batch batch = randomBatch(12, seq, vocab, 9);   // >= 84 rows: 2 threads split them
        double expected = reference.lossAndGradients(batch);
        double actual = fast.lossAndGradients(batch);
        assertThat(actual).isCloseTo(expected, within(1e-5 * expected));
        assertThat(fast.loss(batch)).isCloseTo(expected, within(1e-5 * expected));
        for (ParamSpec spec : params.specs()) {
            INDArray want = reference.gradients().get(spec.name());
            INDArray got = fast.gradients().get(spec.name());
            assertThat(relativeError(got, want)).as(spec.name()).isLessThan(2e-4);
        }
        assertThat(relativeError(fast.logits(batch), reference.logits(batch))).as("logits").isLessThan(1e-5);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ModelConfig config = new ModelConfig(2, 2, 8, 6, 9, false);
        Parameters params = perturbed(config, 3);
        Engine fast = Engine.create(Engine.Kind.FAST, config, params, new Engine.Options(true, 2));
        Batch batch = randomBatch(2, 6, 9, 4);
        fast.lossAndGradients(batch);
        Random random = new Random(7);
        for (ParamSpec spec : params.specs()) {
            INDArray w = params.get(spec.name());
            INDArray g = fast.gradients().get(spec.name());
            for (int trial = 0; trial < 3; trial++) {
                long index = random.nextInt((int) w.length());
                float original = w.getFloat(index);
                float h = 1e-2f;
                w.putScalar(index, original + h);
                double plus = fast.loss(batch);
                w.putScalar(index, original - h);
                double minus = fast.loss(batch);
                w.putScalar(index, original);
                double numeric = (plus - minus) / (2 * h);
                double analytic = g.getDouble(index);
                assertThat(analytic).as("%s[%d]", spec.name(), index)
                        .isCloseTo(numeric, within(0.03 * Math.abs(numeric) + 2e-4));
            }
        }
    }

    @ParameterizedTest(name = "λ={0} τ={1} tied={2} host={3}")
    @CsvSource({
        "1.0, 1.0, true, true",
        "0.5, 2.0, false, true",
        "0.7, 0.5, true, false",
    })
    void distillationLossAndEveryGradientMatchTheReference(double lambda, double tau, boolean tied, boolean host) {
        ModelConfig config = new ModelConfig(2, 2, 16, 8, 11, tied);
        Parameters params = perturbed(config, 5);
        Parameters teacherParams = perturbed(new ModelConfig(1, 2, 8, 8, 11, true), 8);
        Engine teacher = Engine.create(Engine.Kind.FAST, new ModelConfig(1, 2, 8, 8, 11, true), teacherParams,
                new Engine.Options(host, 2));
        Engine reference = Engine.create(Engine.Kind.SAMEDIFF, config, params, new Engine.Options(host, 2));
        Engine fast = Engine.create(Engine.Kind.FAST, config, params, new Engine.Options(host, 2));
        Batch batch = randomBatch(12, 8, 11, 9);
        SoftTargets soft = new SoftTargets(teacher.logits(batch), lambda, tau);
        SoftTargets.Loss expected = reference.lossAndGradients(batch, soft);
        SoftTargets.Loss actual = fast.lossAndGradients(batch, soft);
        assertThat(actual.objective()).isCloseTo(expected.objective(), within(1e-5 * expected.objective()));
        assertThat(actual.crossEntropy()).isCloseTo(expected.crossEntropy(), within(1e-5 * expected.crossEntropy()));
        assertThat(actual.crossEntropy()).isCloseTo(fast.loss(batch), within(1e-5));
        for (ParamSpec spec : params.specs()) {
            INDArray want = reference.gradients().get(spec.name());
            INDArray got = fast.gradients().get(spec.name());
            assertThat(relativeError(got, want)).as(spec.name()).isLessThan(2e-4);
        }
    }

    @Test
    void distillationGradientsMatchFiniteDifferences() {
        ModelConfig config = new ModelConfig(2, 2, 8, 6, 9, false);
        Parameters params = perturbed(config, 3);
        Engine fast = Engine.create(Engine.Kind.FAST, config, params, new Engine.Options(true, 2));
        Batch batch = randomBatch(2, 6, 9, 4);
        INDArray teacherLogits = Engine.create(Engine.Kind.FAST, config, perturbed(config, 11),
                new Engine.Options(true, 2)).logits(batch);
        SoftTargets soft = new SoftTargets(teacherLogits.mul(3), 0.8, 1.5);
        fast.lossAndGradients(batch, soft);
        Parameters gradients = Parameters.zeros(config);
        gradients.copyFrom(fast.gradients());
        Random random = new Random(7);
        for (ParamSpec spec : params.specs()) {
            INDArray w = params.get(spec.name());
            INDArray g = gradients.get(spec.name());
            for (int trial = 0; trial < 3; trial++) {
                long index = random.nextInt((int) w.length());
                float original = w.getFloat(index);
                float h = 1e-2f;
                w.putScalar(index, original + h);
                double plus = fast.lossAndGradients(batch, soft).objective();
                w.putScalar(index, original - h);
                double minus = fast.lossAndGradients(batch, soft).objective();
                w.putScalar(index, original);
                double numeric = (plus - minus) / (2 * h);
                double analytic = g.getDouble(index);
                assertThat(analytic).as("%s[%d]", spec.name(), index)
                        .isCloseTo(numeric, within(0.03 * Math.abs(numeric) + 2e-4));
            }
        }
    }
}
