package dev.ladder.analysis.fit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chinchilla approach 1 (Hoffmann et al. 2022, section 3.1): take the lower {@link Envelope} of all training curves
 * over log-spaced FLOPs; the run on the envelope at C gives N_opt(C) and D_opt(C) = C / (that run's FLOPs per
 * token), so each shape's attention and head FLOPs count rather than one median k in C = k·N·D; then fit
 * N_opt = c_N·C^a and D_opt = c_D·C^b by least squares in log-log.
 */
public final class EnvelopeLaw implements ScalingLaw {

    private final Budgets budgets;

    public EnvelopeLaw(Budgets budgets) {
        this.budgets = budgets;
    }

    @Override
    public String name() {
        return "envelope";
    }

    @Override
    public String formula() {
        return "N_opt(C) = c_N * C^a, D_opt(C) = c_D * C^b from the lower envelope of the training curves";
    }


    @Override
    public boolean fitsFinalLosses() {
        return false;
    }

    @Override
    public Estimate fit(FitData data) {
        Map<String, List<Observation>> curves = data.curvesByRun();
        ScalingLaw.requireRuns(name(), 2, 2, curves.size());
        List<Envelope.Point> envelope = Envelope.of(curves);
        if (envelope.size() < 2) {
            throw new FitRefusedException(name() + ": the training curves of the " + curves.size()
                    + " runs do not overlap in FLOPs; needed: \u2265 2 runs covering a common FLOP range");
        }
        Map<Double, Double> perToken = new HashMap<>();
        for (Observation o : data.curves()) perToken.putIfAbsent(o.params(), o.flops() / o.tokens());
        int n = envelope.size();
        double[] logC = new double[n];
        double[] logN = new double[n];
        double[] logD = new double[n];
        for (int i = 0; i < n; i++) {
            Envelope.Point p = envelope.get(i);
            logC[i] = Math.log(p.flops());
            logN[i] = Math.log(p.params());
            logD[i] = logC[i] - Math.log(perToken.get(p.params()));
        }
        if (Arrays.stream(logN).distinct().count() < 2) {
            throw new FitRefusedException(name() + ": one run (N = " + Math.exp(logN[0]) + ") is lowest at every "
                    + "FLOP value; needed: \u2265 2 runs on the envelope");
        }
        return AllocationPowerLaws.fit(logC, logN, logD, budgets);
    }
}
