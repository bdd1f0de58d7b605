package dev.ladder.trainer.model.samediff;

import dev.ladder.trainer.model.Batch;
import dev.ladder.trainer.model.Engine;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import dev.ladder.trainer.model.SoftTargets;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reference engine: the {@link GptGraph} computes loss and gradients, which are copied into a flat gradient
 * buffer. Easy to read and slow (each step allocates native arrays); tests use it to check the fast engine. A
 * distillation step uses a second graph whose loss holds the KL term, built on first use.
 */
public final class SameDiffEngine implements Engine {

    private final Parameters params;
    private final Parameters gradients;
    private final GptGraph graph;
    private final ModelConfig config;
    private GptGraph distillGraph;

    public SameDiffEngine(ModelConfig config, Parameters params) {
        this.params = params;
        this.gradients = Parameters.zeros(config);
        this.graph = new GptGraph(config, params);
        this.config = config;
    }

    @Override
    public Parameters params() {
        return params;
    }

    @Override
    public Parameters gradients() {
        return gradients;
    }

    @Override
    public double lossAndGradients(Batch batch) {
        GptGraph.LossAndGradients lg = graph.lossAndGradients(batch);
        copyGradients(lg);
        return lg.loss();
    }

    @Override
    public SoftTargets.Loss lossAndGradients(Batch batch, SoftTargets soft) {
        GptGraph.Mix mix = new GptGraph.Mix(soft.lambda(), soft.temperature());
        if (distillGraph == null || !distillGraph.mix().equals(mix)) distillGraph = new GptGraph(config, params, mix);
        GptGraph.LossAndGradients lg = distillGraph.distillationLossAndGradients(batch, soft.teacherLogits());
        copyGradients(lg);
        return new SoftTargets.Loss(lg.crossEntropy(), lg.loss());
    }

    private void copyGradients(GptGraph.LossAndGradients lg) {
        Map<String, INDArray> byName = lg.gradients();
        for (ParamSpec spec : params.specs()) gradients.get(spec.name()).assign(byName.get(spec.name()));
    }

    @Override
    public double loss(Batch batch) {
        return graph.loss(batch);
    }

    @Override
    public INDArray logits(Batch batch) {
        return graph.logits(batch).dup();
    }
}
