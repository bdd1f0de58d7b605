package dev.ladder.trainer.model.fast;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products on the CPU straight through OpenBLAS's {@code cblas_sgemm} (the library ND4J itself loads),
 * skipping ND4J's operation machinery, whose per-call cost is large next to the fast engine's small products. Host
 * kernels only; the backend-neutral path multiplies with ND4J.
 *
 * <p>With several threads the products are split here, over the kernels' threads ({@link Ranges}), and OpenBLAS runs
 * each part on its caller's thread ({@link #singleThreadedBlas}): a plain product by the rows or the columns of its
 * result, whichever are more, a batch by its matrices (OpenBLAS left each attention product of a head on one thread
 * or woke its own for it, per call). Measured 2026-12-01 on a 2-core AVX2 host, `ladder bench --threads 2`, this split
 * against OpenBLAS's threads, alternating pairs: 64/2/2 1.12×, 128/4/4 1.12×, 256/4/4 1.05× (medians of 5, 5 and 3
 * pairs; single pairs ranged 0.81-1.72×, the host was noisy). (Two Java threads calling OpenBLAS while its own
 * threads were on serialised the calls instead: 1.1-1.5× the time of one.) Results depend on the thread count only
 * where OpenBLAS picks another kernel for a part's smaller size (on that AVX2 host the parts equalled the whole bit
 * for bit); a given count reproduces its results.
 */
final class HostBlas {

    private final Ranges ranges;

    /** @param ranges the threads to split products over */
    HostBlas(Ranges ranges) {
        this.ranges = ranges;
    }

    /**
     * Makes OpenBLAS run every call on its caller's thread, for the rest of this process: the fast engine's products
     * then split over its own threads. ND4J's other operations keep their thread count (OMP_NUM_THREADS).
     */
    static void singleThreadedBlas() {
        Nd4j.factory().blas().setMaxThreads(1);
    }

    /** {@code c = op(a)·op(b) + beta·c} for row-major matrices. */
    void gemm(Tensor a, Tensor b, Tensor c, boolean transposeA, boolean transposeB, float beta) {
        prepare(a, b, c);
        long[] as = a.array().shape();
        long[] bs = b.array().shape();
        int lda = (int) as[1];
        int ldb = (int) bs[1];
        int m = (int) (transposeA ? as[1] : as[0]);
        int k = (int) (transposeA ? as[0] : as[1]);
        int n = (int) (transposeB ? bs[0] : bs[1]);
        if (m >= n) {
            // rows [from, to) of c: rows of op(a), which are columns of a when transposed
            ranges.run(m, 1, (part, from, to) -> sgemm(transposeA, transposeB, to - from, n, k,
                    at(a, part, transposeA ? from : (long) from * lda), lda, at(b, part, 0), ldb, beta,
                    at(c, part, (long) from * n), n));
        } else {
            // columns [from, to) of c: columns of op(b), which are rows of b when transposed
            ranges.run(n, 1, (part, from, to) -> sgemm(transposeA, transposeB, m, to - from, k, at(a, part, 0), lda,
                    at(b, part, transposeB ? (long) from * ldb : from), ldb, beta, at(c, part, from), n));
        }
    }

    /** {@code c[i] = op(a[i])·op(b[i])} for each matrix i of rank-3 row-major arrays. */
    void batched(Tensor a, Tensor b, Tensor c, boolean transposeA, boolean transposeB) {
        prepare(a, b, c);
        long[] as = a.array().shape();
        long[] bs = b.array().shape();
        long[] cs = c.array().shape();
        int m = (int) (transposeA ? as[2] : as[1]);
        int k = (int) (transposeA ? as[1] : as[2]);
        int n = (int) (transposeB ? bs[1] : bs[2]);
        ranges.run((int) as[0], 1, 1, (part, from, to) -> {
            for (int i = from; i < to; i++) {
                sgemm(transposeA, transposeB, m, n, k, at(a, part, i * as[1] * as[2]), (int) as[2],
                        at(b, part, i * bs[1] * bs[2]), (int) bs[2], 0f, at(c, part, i * cs[1] * cs[2]), n);
            }
        });
    }

    /** Each part moves its own cursor of each operand, so the three must be distinct tensors. */
    private void prepare(Tensor a, Tensor b, Tensor c) {
        if (a == b || a == c || b == c) throw new IllegalArgumentException("products need three distinct tensors");
        a.ensureCursors(ranges.threads());
        b.ensureCursors(ranges.threads());
        c.ensureCursors(ranges.threads());
    }

    private static void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, FloatPointer a, int lda,
                              FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
    }

    /** Range {@code part}'s cursor into {@code t}, moved {@code offset} floats past its first element. */
    private static FloatPointer at(Tensor t, int part, long offset) {
        return t.cursor(part).position(t.first().position() + offset);
    }
}
