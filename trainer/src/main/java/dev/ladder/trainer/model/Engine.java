package dev.ladder.trainer.model;

import dev.ladder.trainer.model.fast.FastEngine;
import dev.ladder.trainer.model.samediff.SameDiffEngine;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the training loop, checkpoints and evaluation need of a model: its parameters, the loss of a batch with the
 * gradient of every parameter written into one flat buffer of the same layout, and logits. Two engines compute the
 * same GPT: {@link FastEngine} (hand-written forward and backward, the default) and {@link SameDiffEngine} (a
 * SameDiff graph, the reference that checks it).
 */
public interface Engine {

    /** The engines, as {@code train.engine} and {@code --engine} name them. */
    enum Kind { FAST, SAMEDIFF }

    /** The parameters this engine reads; updating them in place updates the model. */
    Parameters params();

    /** The gradients of the last {@link #lossAndGradients} call, in the parameters' layout. */
    Parameters gradients();

    /** Mean cross-entropy of the batch in nats per token; writes every parameter's gradient into {@link #gradients}. */
    double lossAndGradients(Batch batch);

    /**
     * Distillation: the student's mean cross-entropy on the batch's targets and the objective
     * {@code λ·τ²·KL(teacher_τ ‖ student_τ) + (1 - λ)·CE} ({@link Distillation}), nats per token; writes every
     * parameter's gradient of the objective into {@link #gradients}.
     */
    SoftTargets.Loss lossAndGradients(Batch batch, SoftTargets soft);

    /** Mean cross-entropy of the batch in nats per token, without gradients. */
    double loss(Batch batch);

    /** Logits {@code [batch·seqLen, vocabSize]} for the batch's inputs, an array the caller owns. */
    INDArray logits(Batch batch);

    /**
     * How an engine computes on this machine.
     *
     * @param hostKernels true to let the fast engine run its CPU kernels as Java loops over the host memory of ND4J's
     *                    arrays (faster on the CPU backend); false for the backend-neutral path of ND4J operations,
     *                    which a GPU uses. The reference engine ignores it.
     * @param threads     threads the host kernels split their rows over (the run's {@code train.threads}); results
     *                    depend on this count, so the same count reproduces the same losses
     */
    record Options(boolean hostKernels, int threads) {

        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads = " + threads + ", allowed: >= 1");
        }
    }

    /** A new engine of {@code kind} over {@code params}. */
    static Engine create(Kind kind, ModelConfig config, Parameters params, Options options) {
        return switch (kind) {
            case FAST -> new FastEngine(config, params, options);
            case SAMEDIFF -> new SameDiffEngine(config, params);
        };
    }
}
