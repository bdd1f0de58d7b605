package dev.ladder.analysis.fit;

/** A fitted law's prediction of a run's final loss (nats per token) from its N, D and C. */
@FunctionalInterface
public interface LossPredictor {

    double loss(double params, double tokens, double flops);
}
