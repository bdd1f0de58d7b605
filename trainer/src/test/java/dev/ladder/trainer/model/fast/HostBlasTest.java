package dev.ladder.trainer.model.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link HostBlas}'s products split over threads against the unsplit product (one thread), and that against ND4J's
 * own product of the same arrays. Shapes are chosen so that the split runs by rows, by columns and over a batch, with
 * parts of unequal size, and every operand is a view at an offset into a larger buffer, as the parameters are.
 */
class HostBlasTest {

    private static final HostBlas ONE = new HostBlas(new Ranges(1));
    private static final HostBlas THREE = new HostBlas(new Ranges(3));
    private final Random random = new Random(5);

    @BeforeAll
    static void singleThreadedBlas() {
        HostBlas.singleThreadedBlas();         // as the fast engine does when it splits
    }

    @AfterAll
    static void restoreBlasThreads() {
        Nd4j.factory().blas().setMaxThreads(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest(name = "[{0} x {1}] = op(a)[{0} x {2}] op(b)[{2} x {1}], transpose a {3}, b {4}")
    @CsvSource({
            "200, 40, 24, false, false",     // by rows: 200 over 3 threads (66, 67, 67)
            "200, 40, 24, true, false",
            "40, 200, 24, false, true",      // by columns
            "40, 200, 24, true, true",
            "97, 130, 33, false, false",     // by columns, odd sizes
    })
    void aSplitProductEqualsTheWholeProduct(int m, int n, int k, boolean transposeA, boolean transposeB) {
        Tensor a = random(transposeA ? new long[] {k, m} : new long[] {m, k});
        Tensor b = random(transposeB ? new long[] {n, k} : new long[] {k, n});
        Tensor cSplit = random(m, n);
        Tensor cWhole = copy(cSplit);
        INDArray expected = Nd4j.gemm(a.array(), b.array(), transposeA, transposeB).addi(cSplit.array().mul(0.5));
        THREE.gemm(a, b, cSplit, transposeA, transposeB, 0.5f);
        ONE.gemm(a, b, cWhole, transposeA, transposeB, 0.5f);
        assertClose(cWhole.array(), expected);
        assertClose(cSplit.array(), cWhole.array());      // OpenBLAS may pick another kernel for a part's size
    }

    @ParameterizedTest(name = "transpose a {0}, b {1}")
    @CsvSource({"false, false", "false, true", "true, false"})
    void aSplitBatchEqualsTheWholeBatch(boolean transposeA, boolean transposeB) {
        int matrices = 7;
        int m = 12;
        int k = 9;
        int n = 10;
        Tensor a = random(transposeA ? new long[] {matrices, k, m} : new long[] {matrices, m, k});
        Tensor b = random(transposeB ? new long[] {matrices, n, k} : new long[] {matrices, k, n});
        Tensor cSplit = random(matrices, m, n);
        Tensor cWhole = random(matrices, m, n);
        THREE.batched(a, b, cSplit, transposeA, transposeB);
        ONE.batched(a, b, cWhole, transposeA, transposeB);
        for (int i = 0; i < matrices; i++) {
            assertClose(cWhole.array().slice(i), Nd4j.gemm(a.array().slice(i).dup(), b.array().slice(i).dup(),
                    transposeA, transposeB));
        }
        assertClose(cSplit.array(), cWhole.array());
    }

    @Test
    void anOperandTwiceIsRefused() {
        Tensor a = random(4, 4);
        Tensor c = random(4, 4);
        assertThatThrownBy(() -> THREE.gemm(a, a, c, false, false, 0f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("three distinct tensors");
    }

    private static void assertClose(INDArray got, INDArray want) {
        double scale = Math.max(want.amaxNumber().doubleValue(), 1e-12);
        assertThat(got.sub(want).amaxNumber().doubleValue() / scale).isLessThan(1e-5);
    }

    /** Gaussian values in a view that starts 3 elements into its buffer. */
    private Tensor random(long... shape) {
        long length = 1;
        for (long s : shape) length *= s;
        float[] values = new float[Math.toIntExact(length + 6)];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
        INDArray buffer = Nd4j.createFromArray(values);
        return Tensor.of(buffer.get(NDArrayIndex.interval(3, 3 + length)).reshape('c', shape), true);
    }

    private static Tensor copy(Tensor t) {
        INDArray buffer = Nd4j.zeros(DataType.FLOAT, t.array().length() + 6);
        INDArray view = buffer.get(NDArrayIndex.interval(3, 3 + t.array().length())).reshape('c', t.array().shape());
        view.assign(t.array());
        return Tensor.of(view, true);
    }
}
