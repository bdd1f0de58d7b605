package dev.ladder.trainer.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a distillation step learns from besides the data: the teacher's logits for the batch and the mix of the two
 * losses, {@code λ·τ²·KL(teacher_τ ‖ student_τ) + (1 - λ)·CE(data)} (Hinton et al. 2015; Busbridge et al. 2025 use
 * λ = 1, τ = 1).
 *
 * @param teacherLogits the teacher's logits {@code [batch·seqLen, vocabSize]} for the batch's inputs
 * @param lambda        weight λ of the distillation term, in [0, 1]
 * @param temperature   temperature τ > 0 that both distributions are softened with
 */
public record SoftTargets(INDArray teacherLogits, double lambda, double temperature) {

    public SoftTargets {
        if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("lambda must be in [0, 1]: " + lambda);
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0: " + temperature);
    }

    /** The losses of one distillation step, nats per token. */
    public record Loss(double crossEntropy, double objective) { }
}
