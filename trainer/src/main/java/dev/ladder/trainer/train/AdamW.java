package dev.ladder.trainer.train;

import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamSpec;
import dev.ladder.trainer.model.Parameters;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdamW (Loshchilov and Hutter 2019) on the parameter arrays in place, with clipping by global gradient norm.
 * Weight decay is decoupled ({@code p -= lr·weightDecay·p}) and applies only to the roles
 * {@link ParamSpec.Role#isDecayed()} names: block matrices and an untied head, not embeddings, biases or gains.
 */
public final class AdamW {

    private final OptimConfig optim;
    private final Parameters firstMoment;
    private final Parameters secondMoment;

    public AdamW(OptimConfig optim, ModelConfig model) {
        this.optim = optim;
        this.firstMoment = Parameters.zeros(model);
        this.secondMoment = Parameters.zeros(model);
    }

    /** Adam's first moment m (checkpoints save and restore it). */
    public Parameters firstMoment() {
        return firstMoment;
    }

    /** Adam's second moment v. */
    public Parameters secondMoment() {
        return secondMoment;
    }

    /** The global L2 norm of all gradients: {@code sqrt(Σ ‖g‖²)}. */
    public static double globalNorm(Map<String, INDArray> gradients, Parameters params) {
        double sumSquares = 0;
        for (ParamSpec spec : params.specs()) {
            double norm = gradients.get(spec.name()).norm2Number().doubleValue();
            sumSquares += norm * norm;
        }
        return Math.sqrt(sumSquares);
    }

    /**
     * Clips the gradients to {@code optim.gradClip} (when set and exceeded), then applies update number {@code step}
     * (1-based, for bias correction) with learning rate {@code lr}.
     *
     * @param gradNorm the gradients' global norm before clipping
     */
    public void step(Parameters params, Map<String, INDArray> gradients, double gradNorm, double lr, long step) {
        double clip = optim.gradClip() > 0 && gradNorm > optim.gradClip() ? optim.gradClip() / gradNorm : 1.0;
        double b1 = optim.beta1();
        double b2 = optim.beta2();
        double correction1 = 1 - Math.pow(b1, step);
        double correction2 = 1 - Math.pow(b2, step);
        for (ParamSpec spec : params.specs()) {
            INDArray p = params.get(spec.name());
            INDArray g = gradients.get(spec.name());
            if (clip != 1.0) g = g.mul(clip);
            INDArray m = firstMoment.get(spec.name());
            INDArray v = secondMoment.get(spec.name());
            m.muli(b1).addi(g.mul(1 - b1));                                   // m = β1·m + (1-β1)·g
            v.muli(b2).addi(g.mul(g).muli(1 - b2));                           // v = β2·v + (1-β2)·g²
            if (spec.role().isDecayed() && optim.weightDecay() > 0) {
                p.muli(1 - lr * optim.weightDecay());                          // decoupled decay
            }
            INDArray denominator = Transforms.sqrt(v.div(correction2), false).addi(optim.eps());
            p.subi(m.div(denominator).muli(lr / correction1));                // p -= lr·m̂/(√v̂ + ε)
        }
    }
}
