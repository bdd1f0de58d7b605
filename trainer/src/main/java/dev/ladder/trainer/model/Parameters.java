package dev.ladder.trainer.model;

import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The GPT's parameter arrays by name, in {@link ParamLayout} order. The optimizer updates these arrays in place and
 * the graph reads them, so both always see the same weights.
 */
public final class Parameters {

    /** Standard deviation of the normal initialisation of embeddings and matrices (GPT-2's 0.02). */
    public static final double INIT_STD = 0.02;

    private final List<ParamSpec> specs;
    private final Map<String, INDArray> arrays;

    private Parameters(List<ParamSpec> specs, Map<String, INDArray> arrays) {
        this.specs = List.copyOf(specs);
        this.arrays = arrays;
    }

    /**
     * GPT-2's initialisation, drawn from {@code java.util.Random(seed)} so it does not depend on the ND4J backend or
     * thread count: embeddings and matrices N(0, 0.02²), residual projections N(0, (0.02/√(2·nLayer))²), biases 0,
     * LayerNorm gains 1.
     */
    public static Parameters initial(ModelConfig config, long seed) {
        Random random = new Random(seed);
        double residualStd = INIT_STD / Math.sqrt(2.0 * config.nLayer());
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        List<ParamSpec> specs = ParamLayout.of(config);
        for (ParamSpec spec : specs) {
            float[] values = new float[Math.toIntExact(spec.size())];
            switch (spec.role()) {
                case BIAS -> { }
                case GAIN -> Arrays.fill(values, 1f);
                case RESIDUAL_MATRIX -> fillNormal(values, residualStd, random);
                default -> fillNormal(values, INIT_STD, random);
            }
            arrays.put(spec.name(), Nd4j.create(values, spec.shape(), 'c'));
        }
        return new Parameters(specs, arrays);
    }

    /** Parameters of this layout filled with zeros (a target for {@link #copyFrom} or optimizer moments). */
    public static Parameters zeros(ModelConfig config) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        List<ParamSpec> specs = ParamLayout.of(config);
        for (ParamSpec spec : specs) {
            arrays.put(spec.name(), Nd4j.zeros(DataType.FLOAT, spec.shape()));
        }
        return new Parameters(specs, arrays);
    }

    public List<ParamSpec> specs() {
        return specs;
    }

    /** The live array of one parameter (not a copy). */
    public INDArray get(String name) {
        INDArray array = arrays.get(name);
        if (array == null) throw new IllegalStateException("no parameter " + name + "; layout has " + arrays.keySet());
        return array;
    }

    /** Overwrites every array with the other's values, element for element. */
    public void copyFrom(Parameters other) {
        for (ParamSpec spec : specs) {
            get(spec.name()).assign(other.get(spec.name()));
        }
    }

    private static void fillNormal(float[] values, double std, Random random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
    }
}
