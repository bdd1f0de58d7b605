package dev.ladder.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The distillation loss on logits: its value against entropies, and its gradient against finite differences. */
class DistillationTest {

    private static INDArray randomLogits(int rows, int vocab, long seed, double scale) {
        Random random = new Random(seed);
        float[] values = new float[rows * vocab];
        for (int i = 0; i < values.length; i++) values[i] = (float) (scale * random.nextGaussian());
        return Nd4j.create(values, new long[] {rows, vocab}, 'c');
    }

    /** {@code -Σ a·ln b} per row, averaged over rows, from ND4J's own softmax (not the code under test). */
    private static double meanCrossEntropy(INDArray aLogits, INDArray bLogits) {
        INDArray a = Transforms.softmax(aLogits.castTo(DataType.DOUBLE), true);
        INDArray logB = Transforms.log(Transforms.softmax(bLogits.castTo(DataType.DOUBLE),
                true), true);
        return -a.mul(logB).sumNumber().doubleValue() / aLogits.size(0);
    }

    /** At τ = 1 and λ = 1 the objective is KL(p ‖ q) = H(p, q) - H(p): the cross-entropy less the teacher's entropy. */
    @Test
    void klAtTemperatureOneIsCrossEntropyMinusTeacherEntropy() {
        INDArray student = randomLogits(5, 7, 1, 1.5);
        INDArray teacher = randomLogits(5, 7, 2, 2.0);
        int[] targets = {0, 3, 6, 2, 1};
        SoftTargets.Loss loss = Distillation.apply(student, targets, new SoftTargets(teacher, 1, 1), false);
        double crossEntropy = meanCrossEntropy(teacher, student);
        double teacherEntropy = meanCrossEntropy(teacher, teacher);
        assertThat(teacherEntropy).isPositive();
        assertThat(loss.objective()).isPositive().isCloseTo(crossEntropy - teacherEntropy, within(1e-6));
    }

    @Test
    void lambdaZeroIsTheDataCrossEntropyAndASelfTeacherCostsNothing() {
        INDArray student = randomLogits(4, 6, 3, 1.0);
        int[] targets = {5, 0, 2, 2};
        double expected = 0;
        INDArray logProbs = Transforms.log(Transforms.softmax(student.castTo(
                DataType.DOUBLE), true), true);
        for (int r = 0; r < 4; r++) expected -= logProbs.getDouble(r, targets[r]) / 4;
        SoftTargets.Loss supervised = Distillation.apply(student, targets,
                new SoftTargets(randomLogits(4, 6, 4, 1.0), 0, 2), false);
        assertThat(supervised.objective()).isCloseTo(expected, within(1e-6));
        assertThat(supervised.crossEntropy()).isCloseTo(expected, within(1e-6));
        SoftTargets.Loss self = Distillation.apply(student, targets, new SoftTargets(student.dup(), 1, 2), false);
        assertThat(self.objective()).isCloseTo(0, within(1e-9));
    }

    @Test
    void logitGradientMatchesFiniteDifferences() {
        int rows = 3;
        int vocab = 5;
        INDArray teacher = randomLogits(rows, vocab, 5, 2.0);
        int[] targets = {1, 4, 0};
        for (double[] mix : new double[][] {{1, 1}, {0.6, 2.5}, {0.3, 0.7}}) {
            SoftTargets soft = new SoftTargets(teacher, mix[0], mix[1]);
            INDArray logits = randomLogits(rows, vocab, 6, 1.0);
            INDArray gradient = logits.dup();
            Distillation.apply(gradient, targets, soft, true);
            for (int i = 0; i < rows * vocab; i++) {
                double h = 1e-2;
                INDArray plus = logits.dup();
                plus.putScalar(i, logits.getDouble(i) + h);
                INDArray minus = logits.dup();
                minus.putScalar(i, logits.getDouble(i) - h);
                double numeric = (Distillation.apply(plus, targets, soft, false).objective()
                        - Distillation.apply(minus, targets, soft, false).objective()) / (2 * h);
                assertThat(gradient.getDouble(i)).as("λ=%s τ=%s logit %d", mix[0], mix[1], i)
                        .isCloseTo(numeric, within(1e-3 * Math.abs(numeric) + 1e-5));
            }
        }
    }
}
