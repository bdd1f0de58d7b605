package dev.ladder.trainer.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The GPT's parameter arrays as one flat float32 buffer with a view per array, in {@link ParamLayout} order. The
 * optimizer updates the flat buffer in one pass and the engines read the views, so both always see the same weights.
 * Gradients and Adam's moments use the same class, so every per-parameter buffer has the same layout.
 */
public final class Parameters {

    /** Standard deviation of the normal initialisation of embeddings and matrices (GPT-2's 0.02). */
    public static final double INIT_STD = 0.02;

    private final List<ParamSpec> specs;
    private final INDArray flat;
    private final Map<String, INDArray> views = new LinkedHashMap<>();

    private Parameters(List<ParamSpec> specs, INDArray flat) {
        this.specs = List.copyOf(specs);
        this.flat = flat;
        long offset = 0;
        for (ParamSpec spec : specs) {
            INDArray view = flat.get(NDArrayIndex.interval(offset, offset + spec.size())).reshape('c', spec.shape());
            views.put(spec.name(), view);
            offset += spec.size();
        }
        if (offset != flat.length()) {
            throw new IllegalStateException("layout holds " + offset + " floats, buffer " + flat.length());
        }
    }

    /** GPT-2's initialisation: {@link #initial(ModelConfig, long, InitStd)} with {@link InitStd#gpt2}. */
    public static Parameters initial(ModelConfig config, long seed) {
        return initial(config, seed, InitStd.gpt2);
    }

    /**
     * The seeded initialisation, drawn from {@code java.util.Random(seed)} so it does not depend on the ND4J backend
     * or thread count: embeddings N(0, 0.02²), matrices N(0, s²) with s from {@code std} and the matrix's fan-in,
     * residual projections N(0, (s/√(2·nLayer))²) (GPT-2's scaling for the sum of 2·nLayer residual branches),
     * biases 0, LayerNorm gains 1.
     */
    public static Parameters initial(ModelConfig config, long seed, InitStd std) {
        Random random = new Random(seed);
        double residualDivisor = Math.sqrt(2.0 * config.nLayer());
        List<ParamSpec> specs = ParamLayout.of(config);
        float[] values = new float[Math.toIntExact(count(specs))];
        int offset = 0;
        for (ParamSpec spec : specs) {
            int end = offset + Math.toIntExact(spec.size());
            switch (spec.role()) {
                case BIAS -> { }
                case GAIN -> Arrays.fill(values, offset, end, 1f);
                case MATRIX -> fillNormal(values, offset, end, std.matrixStd(spec.shape()[0]), random);
                case RESIDUAL_MATRIX -> fillNormal(values, offset, end,
                        std.matrixStd(spec.shape()[0]) / residualDivisor, random);
                default -> fillNormal(values, offset, end, INIT_STD, random);
            }
            offset = end;
        }
        return new Parameters(specs, Nd4j.createFromArray(values));
    }

    /** Parameters of this layout filled with zeros (gradients, optimizer moments, a target for {@link #copyFrom}). */
    public static Parameters zeros(ModelConfig config) {
        List<ParamSpec> specs = ParamLayout.of(config);
        return new Parameters(specs, Nd4j.zeros(DataType.FLOAT, count(specs)));
    }

    /** Parameters of this one's layout filled with zeros. */
    public Parameters zerosLike() {
        return new Parameters(specs, Nd4j.zeros(DataType.FLOAT, count(specs)));
    }

    private static long count(List<ParamSpec> specs) {
        return specs.stream().mapToLong(ParamSpec::size).sum();
    }

    public List<ParamSpec> specs() {
        return specs;
    }

    /** All parameters as one vector {@code [count]}, in layout order (the views below alias it). */
    public INDArray flat() {
        return flat;
    }

    /** Number of scalars in all arrays together. */
    public long count() {
        return flat.length();
    }

    /** The live view of one parameter (not a copy). */
    public INDArray get(String name) {
        INDArray array = views.get(name);
        if (array == null) throw new IllegalStateException("no parameter " + name + "; layout has " + views.keySet());
        return array;
    }

    /** Overwrites every value with the other's, element for element. */
    public void copyFrom(Parameters other) {
        flat.assign(other.flat);
    }

    private static void fillNormal(float[] values, int from, int to, double std, Random random) {
        for (int i = from; i < to; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
    }
}
