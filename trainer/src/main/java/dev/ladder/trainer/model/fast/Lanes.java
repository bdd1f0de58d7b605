package dev.ladder.trainer.model.fast;

import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the host kernels' vector loops ({@link HostLoops}) do to one vector: load and store it in a tensor's host
 * memory, e^x, the sum of its lanes, tail masks. Small methods the JIT inlines into each loop, so no vector value
 * crosses a call.
 *
 * <p>Results are bit-for-bit reproducible (bit-exact resume needs this), so only lane operations that IEEE 754 defines
 * exactly are used: the Vector API's own {@code EXP} and {@code reduceLanes(ADD)} may give different bits before and
 * after the JIT compiles them, so exp is {@link #exp(FloatVector)} below and sums over lanes are taken in a fixed
 * order ({@link #sum(FloatVector)}).
 */
final class Lanes {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    /** ln 2 and 1/ln 2; the round-to-nearest constant 1.5·2²³; exp's argument range (2^±126 stays normal). */
    static final float LN2 = 0.6931471805599453f;

    static final float LOG2E = 1.4426950408889634f;

    static final float ROUND = 12582912f;

    static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    static final float EXP_MIN = -87.0f;

    static final float EXP_MAX = 88.0f;

    /** Ints in vectors of the floats' shape, for exp's exponent bits. */
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    /**
     * {@code FOLDk} pairs lane i with lane {@code i ^ k}: the steps of {@link #sum}. Each is a constant of its own;
     * C2 boxes a shuffle it cannot see as constant (measured: one taken from an array was).
     */
    static final VectorShuffle<Float> FOLD8 = fold(8);

    static final VectorShuffle<Float> FOLD4 = fold(4);

    static final VectorShuffle<Float> FOLD2 = fold(2);

    static final VectorShuffle<Float> FOLD1 = fold(1);

    /**
     * Row k (k = 1 .. lanes - 1) of {@code KEEP} is 1 in its first k lanes and 0 after; of {@code DROP}, 0 in its
     * first k lanes and -3e38 after. A row's last, partial vector is loaded whole and masked with them.
     */
    static final float[] KEEP = tailMasks(1f, 0f);

    static final float[] DROP = tailMasks(0f, -3e38f);

    private static VectorShuffle<Float> fold(int k) {
        return VectorShuffle.fromOp(S, i -> (i ^ k) & (S.length() - 1));
    }

    private static float[] tailMasks(float inside, float outside) {
        int lanes = S.length();
        float[] masks = new float[lanes * lanes];
        for (int k = 0; k < lanes; k++) {
            for (int i = 0; i < lanes; i++) masks[k * lanes + i] = i < k ? inside : outside;
        }
        return masks;
    }

    static FloatVector load(Tensor t, int i) {
        return FloatVector.fromByteBuffer(S, t.host(), t.byteIndex(i), NATIVE);
    }

    static void store(FloatVector v, Tensor t, int i) {
        v.intoByteBuffer(t.host(), t.byteIndex(i), NATIVE);
    }

    /** Whole vectors fit below this index. */
    static int bound(int n) {
        return S.loopBound(n);
    }

    /**
     * e^x for each lane, clamped to [-87, 88]: {@code x = n·ln2 + f·ln2} with n the nearest integer to x/ln2, then
     * {@code 2^f} by its Taylor series to degree 6 ({@code |f| ≤ 0.5}: relative error below 1e-6), in fused
     * multiply-adds, times {@code 2^n} built in the exponent bits. Adding 1.5·2²³ rounds x/ln2 to an integer and leaves
     * it in the low mantissa bits, which become the exponent: no float-to-int conversion (slow in Java 17's Vector
     * API). Exactly the arithmetic of {@link #exp(float)}, lane by lane.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector y = x.max(EXP_MIN).min(EXP_MAX).mul(LOG2E);
        FloatVector shifted = y.add(ROUND);
        FloatVector f = y.sub(shifted.sub(ROUND)).mul(LN2);
        FloatVector p = f.fma(1f / 720, 1f / 120).fma(f, FloatVector.broadcast(S, 1f / 24))
                .fma(f, FloatVector.broadcast(S, 1f / 6)).fma(f, FloatVector.broadcast(S, 0.5f))
                .fma(f, FloatVector.broadcast(S, 1f)).fma(f, FloatVector.broadcast(S, 1f));
        IntVector bits = ((IntVector) shifted.reinterpretShape(I, 0)).add(127 - ROUND_BITS)
                .lanewise(VectorOperators.LSHL, 23);
        return p.mul((FloatVector) bits.reinterpretShape(S, 0));
    }

    /** The scalar twin of {@link #exp(FloatVector)}, for the elements after the last whole vector. */
    static float exp(float x) {
        float y = Math.min(Math.max(x, EXP_MIN), EXP_MAX) * LOG2E;
        float shifted = y + ROUND;
        float f = (y - (shifted - ROUND)) * LN2;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(f, 1f / 720, 1f / 120), f, 1f / 24), f,
                1f / 6), f, 0.5f), f, 1f), f, 1f);
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(shifted) + 127 - ROUND_BITS) << 23);
    }

    /**
     * The sum of a vector's lanes in a fixed order: halves added lane by lane, then halves of the result, down to one
     * lane. Lane-wise adds are exact IEEE operations, so the bits are the same interpreted and compiled (unlike
     * {@code reduceLanes(ADD)}, whose order is unspecified), and nothing is allocated (unlike {@code toArray}).
     */
    static float sum(FloatVector v) {
        if (S.length() > 16) return sumLanes(v);
        if (S.length() == 16) v = v.add(v.rearrange(FOLD8));
        if (S.length() >= 8) v = v.add(v.rearrange(FOLD4));
        if (S.length() >= 4) v = v.add(v.rearrange(FOLD2));
        if (S.length() >= 2) v = v.add(v.rearrange(FOLD1));
        return v.lane(0);
    }

    /** The lanes added in lane order, for vectors wider than {@link #sum}'s folds. */
    private static float sumLanes(FloatVector v) {
        float total = 0;
        for (int i = 0; i < S.length(); i++) total += v.lane(i);
        return total;
    }

    static FloatVector keep(int k) {
        return FloatVector.fromArray(S, KEEP, k * S.length());
    }

    static FloatVector drop(int k) {
        return FloatVector.fromArray(S, DROP, k * S.length());
    }

    private Lanes() {
    }
}
