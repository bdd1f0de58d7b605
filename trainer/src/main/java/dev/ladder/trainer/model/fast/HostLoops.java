package dev.ladder.trainer.model.fast;

import static dev.ladder.trainer.model.fast.Lanes.S;
import static dev.ladder.trainer.model.fast.Lanes.bound;
import static dev.ladder.trainer.model.fast.Lanes.drop;
import static dev.ladder.trainer.model.fast.Lanes.exp;
import static dev.ladder.trainer.model.fast.Lanes.keep;
import static dev.ladder.trainer.model.fast.Lanes.load;
import static dev.ladder.trainer.model.fast.Lanes.store;
import static dev.ladder.trainer.model.fast.Lanes.sum;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The host kernels' loops over whole vectors ({@link HostKernels} does the rest: rows, ranges, the elements after the
 * last whole vector). Each method is one loop and takes and returns only floats, ints and arrays.
 *
 * <p>Why apart: Java 17's C2 stops inlining once the method it compiles has grown past a node count
 * (NodeCountInliningCutoff), and each Vector API call on a buffer expands to many nodes. A kernel whose loops were
 * inlined into one method ran past it, left a load or store as a call, and boxed every vector crossing that call on
 * the Java heap: 1.3-1.5 GB/s of garbage at width 16. The launcher and the worker JVMs keep these methods out of their
 * callers ({@code -XX:CompileCommand=dontinline} on this class, {@link dev.ladder.trainer.ladder.ChildJvm#VECTOR_API}),
 * so each compiles alone with {@link Lanes}'s helpers inlined: none of a step's garbage is vectors any more, and steps
 * take 0.65-0.71x (width 16) to 0.79-0.86x (width 48) the time (README, Engines). Without that flag the results are
 * the same, only slower.
 */
final class HostLoops {

    /** GPT-2's tanh GELU: {@code u = √(2/π)·(x + 0.044715·x³)}. */
    static final float SQRT_2_PI = (float) Math.sqrt(2 / Math.PI);
    static final float GELU_CUBIC = 0.044715f;

    /** {@code out[oo + j] = a[ao + j] + b[bo + j]} over the whole vectors of n; returns where they end. */
    static int addVectors(Tensor a, int ao, Tensor b, int bo, Tensor out, int oo, int n) {
        int whole = bound(n);
        for (int j = 0; j < whole; j += S.length()) store(load(a, ao + j).add(load(b, bo + j)), out, oo + j);
        return whole;
    }

    static float sumVectors(Tensor t, int o, int whole) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < whole; j += S.length()) acc = acc.add(load(t, o + j));
        return sum(acc);
    }

    /** {@code Σ_j (x[o + j] - mu)²} for j below n. */
    static float squaredDeviations(Tensor x, int o, int n, float mu) {
        int whole = bound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < whole; j += S.length()) {
            FloatVector c = load(x, o + j).sub(mu);
            acc = c.fma(c, acc);
        }
        float total = sum(acc);
        for (int j = whole; j < n; j++) total += (x.get(o + j) - mu) * (x.get(o + j) - mu);
        return total;
    }

    /** {@code out = (x - mu)·s·gain + bias} over the row's whole vectors; returns where they end. */
    static int normalize(Tensor x, Tensor gain, Tensor bias, Tensor out, int o, int n, float mu, float s) {
        int whole = bound(n);
        for (int j = 0; j < whole; j += S.length()) {
            store(load(x, o + j).sub(mu).mul(s).fma(load(gain, j), load(bias, j)), out, o + j);
        }
        return whole;
    }

    /** {@code dg += dOut·x̂} and {@code db += dOut} over the row's whole vectors; returns where they end. */
    static int gainAndBiasSums(Tensor dOut, Tensor x, int o, int n, float mu, float s, float[] dg,
                               float[] db) {
        int whole = bound(n);
        for (int j = 0; j < whole; j += S.length()) {
            FloatVector dy = load(dOut, o + j);
            dy.fma(load(x, o + j).sub(mu).mul(s), FloatVector.fromArray(S, dg, j)).intoArray(dg, j);
            dy.add(FloatVector.fromArray(S, db, j)).intoArray(db, j);
        }
        return whole;
    }

    static float dotVectors(Tensor a, int ao, Tensor b, int bo, int whole) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < whole; j += S.length()) acc = load(a, ao + j).fma(load(b, bo + j), acc);
        return sum(acc);
    }

    /** {@code Σ_j gain[j]·dOut[o + j]·x̂[o + j]} with {@code x̂ = (x - mu)·s}. */
    static float dotNormalized(Tensor dOut, Tensor x, Tensor gain, int o, int n, float mu, float s) {
        int whole = bound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < whole; j += S.length()) {
            acc = load(gain, j).mul(load(dOut, o + j)).fma(load(x, o + j).sub(mu).mul(s), acc);
        }
        float total = sum(acc);
        for (int j = whole; j < n; j++) total += gain.get(j) * dOut.get(o + j) * ((x.get(o + j) - mu) * s);
        return total;
    }

    /** {@code dx = s·(gain·dOut - meanG - x̂·meanGx)} over the first {@code whole} elements of the row. */
    static void layerNormDx(Tensor dOut, Tensor x, Tensor gain, Tensor dx, int o, int whole, float mu,
                            float s, float meanG, float meanGx) {
        for (int j = 0; j < whole; j += S.length()) {
            FloatVector xHat = load(x, o + j).sub(mu).mul(s);
            store(load(gain, j).mul(load(dOut, o + j)).sub(meanG).sub(xHat.mul(meanGx)).mul(s), dx, o + j);
        }
    }

    /** The same, added to dx. */
    static void layerNormDxAdd(Tensor dOut, Tensor x, Tensor gain, Tensor dx, int o, int whole, float mu,
                               float s, float meanG, float meanGx) {
        for (int j = 0; j < whole; j += S.length()) {
            FloatVector xHat = load(x, o + j).sub(mu).mul(s);
            FloatVector value = load(gain, j).mul(load(dOut, o + j)).sub(meanG).sub(xHat.mul(meanGx)).mul(s);
            store(value.add(load(dx, o + j)), dx, o + j);
        }
    }

    /** {@code dst[d + j] = src[s + j]} over the whole vectors of n; returns where they end. */
    static int copyVectors(Tensor src, int s, Tensor dst, int d, int n) {
        int whole = bound(n);
        for (int j = 0; j < whole; j += S.length()) store(load(src, s + j), dst, d + j);
        return whole;
    }

    /** {@code sum[j] += t[o + j]} over the whole vectors of n; returns where they end. */
    static int addToArray(Tensor t, int o, float[] sum, int n) {
        int whole = bound(n);
        for (int j = 0; j < whole; j += S.length()) {
            load(t, o + j).add(FloatVector.fromArray(S, sum, j)).intoArray(sum, j);
        }
        return whole;
    }

    /** {@code sigma[j] = e/(e + 1)} for {@code x[c + j]}, over the whole vectors of len; returns where they end. */
    static int geluSigma(Tensor x, int c, int len, float[] sigma) {
        int whole = bound(len);
        for (int j = 0; j < whole; j += S.length()) {
            FloatVector v = load(x, c + j);
            FloatVector e = exp(v.mul(v).mul(2 * GELU_CUBIC * SQRT_2_PI).add(2 * SQRT_2_PI).mul(v));
            e.div(e.add(1f)).intoArray(sigma, j);
        }
        return whole;
    }

    static void geluOut(Tensor x, float[] sigma, Tensor out, int c, int whole) {
        for (int j = 0; j < whole; j += S.length()) {
            store(load(x, c + j).mul(FloatVector.fromArray(S, sigma, j)), out, c + j);
        }
    }

    /** The scalar twin of {@link #geluSigma(Tensor, int, int, float[])}'s lanes. */
    static float geluSigma(float v) {
        float e = exp((v * v * (2 * GELU_CUBIC * SQRT_2_PI) + 2 * SQRT_2_PI) * v);
        return e / (e + 1f);
    }

    /** The scalar twin of {@link #geluSlope(Tensor, Tensor, float[], Tensor, int, int)}'s lanes: GELU's slope at v. */
    static float geluSlope(float v) {
        float sg = geluSigma(v);
        float du = v * v * (3 * GELU_CUBIC * SQRT_2_PI) + SQRT_2_PI;
        return Math.fma(v * 2f * sg * (1 - sg), du, sg);
    }

    static void geluSlope(Tensor dOut, Tensor x, float[] sigma, Tensor dx, int c, int whole) {
        for (int j = 0; j < whole; j += S.length()) {
            FloatVector v = load(x, c + j);
            FloatVector sg = FloatVector.fromArray(S, sigma, j);
            FloatVector du = v.mul(v).mul(3 * GELU_CUBIC * SQRT_2_PI).add(SQRT_2_PI);
            FloatVector slope = v.mul(2f).mul(sg).mul(sg.neg().add(1f)).fma(du, sg);
            store(load(dOut, c + j).mul(slope), dx, c + j);
        }
    }

    /** The largest of {@code t[o, o + whole)}; -inf when whole is 0. */
    static float maxVectors(Tensor t, int o, int whole) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < whole; j += S.length()) acc = acc.max(load(t, o + j));
        return acc.reduceLanes(VectorOperators.MAX);
    }

    /** The largest of the first k lanes of the vector at {@code o}. */
    static float maskedMax(Tensor t, int o, int k) {
        return load(t, o).mul(keep(k)).add(drop(k)).reduceLanes(VectorOperators.MAX);
    }

    /** {@code t[o + j] = exp(scale·t[o + j] - shift)} over whole vectors. */
    static void expVectors(Tensor t, int o, int whole, float scale, float shift) {
        for (int j = 0; j < whole; j += S.length()) store(exp(load(t, o + j).mul(scale).sub(shift)), t, o + j);
    }

    /** The same for one vector at {@code o} whose first {@code k} lanes count; the others become 0. */
    static void expMasked(Tensor t, int o, int k, float scale, float shift) {
        store(exp(load(t, o).mul(scale).sub(shift)).mul(keep(k)), t, o);
    }

    /** {@code t[o, o + whole) *= factor}. */
    static void scaleVectors(Tensor t, int o, int whole, float factor) {
        for (int j = 0; j < whole; j += S.length()) store(load(t, o + j).mul(factor), t, o + j);
    }

    /** {@code t[o, o + n) = 0}. */
    static void zero(Tensor t, int o, int n) {
        int whole = bound(n);
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < whole; j += S.length()) store(zero, t, o + j);
        for (int j = whole; j < n; j++) t.put(o + j, 0f);
    }

    static void softmaxBackwardVectors(Tensor p, Tensor dp, int o, int whole, float dot, float scale) {
        for (int j = 0; j < whole; j += S.length()) {
            store(load(dp, o + j).sub(dot).mul(load(p, o + j)).mul(scale), dp, o + j);
        }
    }

    /** {@code Σ exp(t[o + j] - max)} over whole vectors. */
    static float expSum(Tensor t, int o, int whole, float max) {
        FloatVector sums = FloatVector.zero(S);
        for (int j = 0; j < whole; j += S.length()) sums = sums.add(exp(load(t, o + j).sub(max)));
        return sum(sums);
    }

    /** {@code t[o + j] = exp(t[o + j] - logSumExp)·factor} over whole vectors. */
    static void softmaxOver(Tensor t, int o, int whole, float logSumExp, float factor) {
        for (int j = 0; j < whole; j += S.length()) {
            store(exp(load(t, o + j).sub(logSumExp)).mul(factor), t, o + j);
        }
    }

    /** {@code dst[j] = src[j]} over the whole vectors of n; returns where they end. */
    static int copyFromArray(float[] src, Tensor dst, int n) {
        int whole = bound(n);
        for (int j = 0; j < whole; j += S.length()) store(FloatVector.fromArray(S, src, j), dst, j);
        return whole;
    }

    private HostLoops() {
    }
}
