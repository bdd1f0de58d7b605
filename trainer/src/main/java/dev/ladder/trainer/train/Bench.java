package dev.ladder.trainer.train;

import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.FlopsCount;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamCount;
import dev.ladder.trainer.model.fast.FastEngine;
import dev.ladder.trainer.model.Parameters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures training throughput: full steps (forward, backward, clipping, AdamW) of a model on random tokens, the
 * median over several steps after warm-up, and the model FLOP utilisation against a measured sgemm peak.
 */
public final class Bench {

    private Bench() {
    }

    /**
     * A model shape as {@code ladder bench --shapes} writes it, {@code d/L/H}: width, layers, heads.
     *
     * @param dModel width of the residual stream
     * @param nLayer transformer blocks
     * @param nHead  attention heads
     */
    public record Shape(int dModel, int nLayer, int nHead) {

        /** The form {@link #parse} accepts, for error messages. */
        public static final String FORM = "d/L/H (dModel/layers/heads, positive integers, heads dividing dModel),"
                + " e.g. 64/2/2";

        /**
         * Reads {@code d/L/H}.
         *
         * @throws InvalidInputException naming {@code option}, the value and {@link #FORM}
         */
        public static Shape parse(String option, String text) {
            String[] parts = text.trim().split("/", -1);
            if (parts.length == 3 && Arrays.stream(parts).allMatch(p -> p.matches("[0-9]{1,6}"))) {
                Shape shape = new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]));
                if (shape.dModel > 0 && shape.nLayer > 0 && shape.nHead > 0 && shape.dModel % shape.nHead == 0) {
                    return shape;
                }
            }
            throw InvalidInputException.notAllowed("command line", option, text, FORM);
        }

        /** The model of this shape with the given context and vocabulary, embeddings tied. */
        public ModelConfig model(int seqLen, int vocabSize) {
            return new ModelConfig(nLayer, nHead, dModel, seqLen, vocabSize, true);
        }

        @Override
        public String toString() {
            return dModel + "/" + nLayer + "/" + nHead;
        }
    }

    /**
     * The throughput of one shape.
     *
     * @param params          parameter counts
     * @param tokensPerSecond median training tokens per second
     * @param secondsPerStep  median seconds per step
     * @param flopsPerSecond  tokensPerSecond × Chinchilla's exact FLOPs per token (with head)
     */
    public record Result(ModelConfig model, int batchSize, ParamCount params, double tokensPerSecond,
                         double secondsPerStep, double flopsPerSecond) { }

    /**
     * One shape measured in its own process, as {@code ladder bench --json} prints it.
     *
     * @param shape           {@code d/L/H}
     * @param engine          {@code fast} or {@code samediff}
     * @param threads         CPU threads ND4J used
     * @param tokensPerSecond median training tokens per second
     * @param msPerStep       median milliseconds per step
     * @param mfu             model FLOP utilisation: FLOP/s (Chinchilla's exact count) over this process's sgemm peak,
     *                        a fraction
     * @param peakRssBytes    the process's peak resident memory after the timed steps, bytes; null where the OS
     *                        does not report it
     * @param vectorBits      the width of the SIMD vectors the fast engine's host kernels ran (256 on a CPU with
     *                        AVX2, 512 with AVX-512: the JVM's preferred float vector); null where no host kernel ran
     *                        (the SameDiff engine, a GPU)
     */
    public record Measurement(String shape, String engine, int threads, double tokensPerSecond, double msPerStep,
                              double mfu, Long peakRssBytes, Integer vectorBits) { }

    /**
     * Measures {@code shape} in this process: {@code warmup} untimed and {@code steps} timed training steps, the peak
     * resident memory after them, then the sgemm peak (last, so its arrays are not part of the training's peak).
     */
    public static Measurement measure(Shape shape, Engine.Kind kind, Backend backend, int batchSize, int seqLen,
                                      int vocabSize, int warmup, int steps) {
        Result r = run(kind, backend.engineOptions(), shape.model(seqLen, vocabSize), batchSize, warmup, steps);
        Long peakRss = PeakMemory.peakRssBytesOrNull();
        double sgemm = sgemmPeak(1024, 5);
        Integer vectorBits = kind == Engine.Kind.FAST && backend.hostKernels() ? FastEngine.vectorBits() : null;
        return new Measurement(shape.toString(), kind.name().toLowerCase(Locale.ROOT), backend.threads(),
                r.tokensPerSecond(), r.secondsPerStep() * 1000, r.flopsPerSecond() / sgemm, peakRss, vectorBits);
    }

    /** Times {@code steps} training steps after {@code warmup} untimed ones. */
    public static Result run(Engine.Kind kind, Engine.Options options, ModelConfig model, int batchSize, int warmup,
                             int steps) {
        Parameters params = Parameters.initial(model, 1);
        AdamW adam = new AdamW(OptimConfig.defaults(), model, options.hostKernels());
        Engine engine = Engine.create(kind, model, params, options);
        Random random = new Random(1);
        double[] seconds = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            int[] rows = new int[batchSize * (model.seqLen() + 1)];
            Arrays.setAll(rows, j -> random.nextInt(model.vocabSize()));
            Batch batch = Batch.fromRows(rows, batchSize, model.seqLen());
            long start = System.nanoTime();
            engine.lossAndGradients(batch);
            double norm = adam.globalNorm(engine.gradients());
            adam.step(params, engine.gradients(), norm, 1e-4, i + 1);
            if (i >= warmup) seconds[i - warmup] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        double median = steps % 2 == 1 ? seconds[steps / 2] : (seconds[steps / 2 - 1] + seconds[steps / 2]) / 2;
        double tokensPerSecond = (double) batchSize * model.seqLen() / median;
        return new Result(model, batchSize, ParamCount.of(model), tokensPerSecond, median,
                tokensPerSecond * FlopsCount.chinchillaExact(model, true));
    }

    /**
     * The sgemm peak of this machine's BLAS through ND4J, FLOP/s: the fastest of a few {@code n × n} products after
     * one untimed (ND4J's {@code mmuli} measured several times slower than {@code Nd4j.gemm}; the peak uses the latter).
     */
    public static double sgemmPeak(int n, int repeats) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double best = 0;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.max(best, 2.0 * n * n * n / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }
}
