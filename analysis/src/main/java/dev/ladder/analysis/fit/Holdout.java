package dev.ladder.analysis.fit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The extrapolation check: fit without the K runs of largest compute, predict their final losses and report the
 * relative errors, (predicted - actual)/actual. Only for laws that predict a run's loss.
 *
 * @param heldOut                 the held-out runs with actual and predicted final loss
 * @param meanAbsRelativeError    mean of |relative error| over them
 */
public record Holdout(List<HeldOutRun> heldOut, double meanAbsRelativeError) {

    /** One held-out run. */
    public record HeldOutRun(String runId, double params, double tokens, double flops, double actualLoss,
                             double predictedLoss, double relativeError) {
    }

    public Holdout {
        heldOut = List.copyOf(heldOut);
    }

    /** Fits {@code law} without the {@code k} largest-compute runs and predicts them. */
    public static Holdout check(ScalingLaw law, FitData data, int k) {
        if (k < 1 || k >= data.finals().size()) {
            throw new FitRefusedException(law.name() + ": --holdout = " + k + " is out of range; allowed: 1.."
                    + (data.finals().size() - 1) + " (runs with a final loss: " + data.finals().size() + ")");
        }
        List<Observation> byCompute = new ArrayList<>(data.finals());
        byCompute.sort(Comparator.comparingDouble(Observation::flops).reversed());
        List<Observation> held = byCompute.subList(0, k);
        Set<String> heldIds = held.stream().map(Observation::runId).collect(Collectors.toSet());
        FitData train = data.with(
                data.finals().stream().filter(o -> !heldIds.contains(o.runId())).toList(),
                data.curves().stream().filter(o -> !heldIds.contains(o.runId())).toList());
        LossPredictor predictor = law.fit(train).predictor().orElseThrow(() -> new IllegalStateException(
                law.name() + " does not predict losses; the holdout check needs a law that does"));
        List<HeldOutRun> runs = new ArrayList<>();
        double sum = 0;
        for (Observation o : held) {
            double predicted = predictor.loss(o.params(), o.tokens(), o.flops());
            double error = (predicted - o.loss()) / o.loss();
            runs.add(new HeldOutRun(o.runId(), o.params(), o.tokens(), o.flops(), o.loss(), predicted, error));
            sum += Math.abs(error);
        }
        return new Holdout(runs, sum / runs.size());
    }
}
