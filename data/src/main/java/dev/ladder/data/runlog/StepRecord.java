package dev.ladder.data.runlog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A training step: {@code type = "step"} in metrics.jsonl.
 *
 * @param flops           training FLOPs so far (the run's flopsPerToken.kaplan6N times tokens)
 * @param trainLoss       mean cross-entropy of this step's batch, nats per token
 * @param lr              learning rate used for this step
 * @param gradNorm        global L2 norm of the gradient before clipping; null when not measured
 * @param wallSeconds     seconds since the run (or its first resume) started, excluding nothing
 * @param tokensPerSecond training throughput over the last logging interval; null when not measured
 * @param distillLoss     a distillation step's objective λ·τ²·KL(teacher_τ ‖ student_τ) + (1 - λ)·CE, nats per
 *                        token; null for other runs ({@code trainLoss} stays the cross-entropy on the data)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepRecord(String runId, long step, long tokens, double flops, double trainLoss, double lr,
                         Double gradNorm, double wallSeconds, Double tokensPerSecond, Double distillLoss)
        implements RunRecord {

    /** A step without a distillation objective. */
    public StepRecord(String runId, long step, long tokens, double flops, double trainLoss, double lr,
                      Double gradNorm, double wallSeconds, Double tokensPerSecond) {
        this(runId, step, tokens, flops, trainLoss, lr, gradNorm, wallSeconds, tokensPerSecond, null);
    }

    public StepRecord {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
        if (tokens < 0) throw new IllegalArgumentException("tokens must be >= 0, got " + tokens);
    }

    @Override
    public String type() {
        return "step";
    }
}
