package dev.ladder.trainer.config;

import dev.ladder.data.InvalidInputException;

/**
 * The {@code distill} section: a student trained against a teacher's predictions, with the loss
 * {@code λ·τ²·KL(teacher_τ ‖ student_τ) + (1 - λ)·CE(data)}. The defaults λ = 1, τ = 1 (pure distillation) are what
 * Busbridge et al. 2025 ("Distillation Scaling Laws", arXiv:2502.08606) found about optimal.
 *
 * @param teacher     the run directory of a completed run whose checkpoint is the teacher (same tokenizer and
 *                    context length, any shape); null trains without one (default null)
 * @param lambda      weight λ of the distillation term, in [0, 1] (default 1)
 * @param temperature temperature τ of both distributions, > 0 (default 1)
 */
public record DistillConfig(String teacher, double lambda, double temperature) {

    public DistillConfig {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw InvalidInputException.outOfRange(null, "distill.lambda", lambda, "[0, 1]");
        }
        if (!(temperature > 0 && temperature <= 100)) {
            throw InvalidInputException.outOfRange(null, "distill.temperature", temperature, "(0, 100]");
        }
    }

    public static DistillConfig defaults() {
        return new DistillConfig(null, 1, 1);
    }
}
