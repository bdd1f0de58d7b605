package dev.ladder.trainer.model.fast;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Matrix products on the CPU straight through OpenBLAS's {@code cblas_sgemm} (the library ND4J itself loads),
 * skipping ND4J's operation machinery, whose per-call cost is large next to the fast engine's small products.
 * OpenBLAS uses the run's threads itself. Products are not split over the kernels' threads ({@link Ranges}):
 * OpenBLAS serialises concurrent calls (measured: two threads each multiplying half the rows of a 4096×256·256×64
 * product took 1.1-1.5× as long as one thread doing all). Host kernels only; the backend-neutral path multiplies
 * with ND4J.
 */
final class HostBlas {

    private HostBlas() {
    }

    /** {@code c = op(a)·op(b) + beta·c} for row-major matrices. */
    static void gemm(Tensor a, Tensor b, Tensor c, boolean transposeA, boolean transposeB, float beta) {
        long[] as = a.array().shape();
        long[] bs = b.array().shape();
        int lda = (int) as[1];
        int ldb = (int) bs[1];
        int m = (int) (transposeA ? as[1] : as[0]);
        int k = (int) (transposeA ? as[0] : as[1]);
        int n = (int) (transposeB ? bs[0] : bs[1]);
        sgemm(transposeA, transposeB, m, n, k, a.first(), lda, b.first(), ldb, beta, c.first(), n);
    }

    /** {@code c[i] = op(a[i])·op(b[i])} for each matrix i of rank-3 row-major arrays, three distinct tensors. */
    static void batched(Tensor a, Tensor b, Tensor c, boolean transposeA, boolean transposeB) {
        if (a == b || a == c || b == c) throw new IllegalArgumentException("batched products need three tensors");
        long[] as = a.array().shape();
        long[] bs = b.array().shape();
        long[] cs = c.array().shape();
        int m = (int) (transposeA ? as[2] : as[1]);
        int k = (int) (transposeA ? as[1] : as[2]);
        int n = (int) (transposeB ? bs[1] : bs[2]);
        for (int i = 0; i < as[0]; i++) {
            sgemm(transposeA, transposeB, m, n, k, at(a, i * as[1] * as[2]), (int) as[2],
                    at(b, i * bs[1] * bs[2]), (int) bs[2], 0f, at(c, i * cs[1] * cs[2]), n);
        }
    }

    private static void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, FloatPointer a, int lda,
                              FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
    }

    /** The tensor's cursor, moved {@code offset} floats past its first element. */
    private static FloatPointer at(Tensor t, long offset) {
        return t.cursor().position(t.first().position() + offset);
    }
}
