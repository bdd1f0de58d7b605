package dev.ladder.trainer.train;

import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.FlopsCount;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamCount;
import dev.ladder.trainer.model.Parameters;
import java.util.Arrays;
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
     * The throughput of one shape.
     *
     * @param params          parameter counts
     * @param tokensPerSecond median training tokens per second
     * @param secondsPerStep  median seconds per step
     * @param flopsPerSecond  tokensPerSecond × Chinchilla's exact FLOPs per token (with head)
     */
    public record Result(ModelConfig model, int batchSize, ParamCount params, double tokensPerSecond,
                         double secondsPerStep, double flopsPerSecond) { }

    /** Times {@code steps} training steps after {@code warmup} untimed ones. */
    public static Result run(Engine.Kind kind, boolean hostKernels, ModelConfig model, int batchSize, int warmup,
                             int steps) {
        Parameters params = Parameters.initial(model, 1);
        AdamW adam = new AdamW(OptimConfig.defaults(), model, hostKernels);
        Engine engine = Engine.create(kind, model, params, hostKernels);
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

    /** The best sgemm rate of ND4J on this machine, FLOP/s: the median of a few {@code n × n} products. */
    public static double sgemmPeak(int n, int repeats) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        a.mmuli(b, c);
        double[] rates = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            a.mmuli(b, c);
            rates[i] = 2.0 * n * n * n / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        return rates[repeats / 2];
    }
}
