package dev.ladder.trainer.model.fast;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Matrix products on the CPU straight through OpenBLAS's {@code cblas_sgemm} (the library ND4J itself loads),
 * skipping ND4J's operation machinery, whose per-call cost is large next to the fast engine's small products.
 * Host kernels only; the backend-neutral path multiplies with ND4J.
 */
final class HostBlas {

    private HostBlas() {
    }

    /** {@code c = op(a)·op(b) + beta·c} for row-major matrices. */
    static void gemm(Tensor a, Tensor b, Tensor c, boolean transposeA, boolean transposeB, float beta) {
        long[] as = a.array().shape();
        long[] bs = b.array().shape();
        int m = (int) (transposeA ? as[1] : as[0]);
        int k = (int) (transposeA ? as[0] : as[1]);
        int n = (int) (transposeB ? bs[0] : bs[1]);
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                m, n, k, 1f, a.first(), (int) as[1], b.first(), (int) bs[1], beta, c.first(), n);
    }

    /** {@code c[i] = op(a[i])·op(b[i])} for each matrix i of rank-3 row-major arrays. */
    static void batched(Tensor a, Tensor b, Tensor c, boolean transposeA, boolean transposeB) {
        long[] as = a.array().shape();
        long[] bs = b.array().shape();
        long[] cs = c.array().shape();
        int m = (int) (transposeA ? as[2] : as[1]);
        int k = (int) (transposeA ? as[1] : as[2]);
        int n = (int) (transposeB ? bs[1] : bs[2]);
        FloatPointer pa = new FloatPointer(a.first());
        FloatPointer pb = new FloatPointer(b.first());
        FloatPointer pc = new FloatPointer(c.first());
        for (int i = 0; i < as[0]; i++) {
            pa.position(a.first().position() + i * as[1] * as[2]);
            pb.position(b.first().position() + i * bs[1] * bs[2]);
            pc.position(c.first().position() + i * cs[1] * cs[2]);
            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans, m, n, k, 1f, pa, (int) as[2], pb, (int) bs[2], 0f, pc, n);
        }
    }
}
