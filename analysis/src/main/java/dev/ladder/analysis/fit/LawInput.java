package dev.ladder.analysis.fit;

import java.util.List;

/**
 * The one variable X of a one-input law: N or D against final losses, or C against the lower envelope of the
 * training curves (Kaplan et al. 2020's L(C_min)).
 */
public enum LawInput {
    PARAMS("N"), TOKENS("D"), COMPUTE("C");

    private final String symbol;

    LawInput(String symbol) {
        this.symbol = symbol;
    }

    /** N, D or C, as in the papers. */
    public String symbol() {
        return symbol;
    }

    /** The (X, L) pairs the law is fitted to. */
    public double[][] points(FitData data) {
        if (this == COMPUTE) {
            List<Envelope.Point> envelope = Envelope.of(data.curvesByRun());
            return envelope.stream().map(p -> new double[] {p.flops(), p.loss()}).toArray(double[][]::new);
        }
        return data.finals().stream().map(o -> new double[] {x(o.params(), o.tokens(), o.flops()), o.loss()})
                .toArray(double[][]::new);
    }

    /** Why fewer points than needed, for the refusal message. */
    public String shortfall(int points, int needed) {
        String why = this == COMPUTE ? " (the envelope needs \u2265 2 training curves overlapping in FLOPs)" : "";
        return "needs \u2265 " + needed + " points, got " + points + why;
    }

    /** How many runs the fit draws on: runs with a final loss, or runs with a curve for the envelope. */
    public int runs(FitData data) {
        return this == COMPUTE ? data.curvesByRun().size() : data.finals().size();
    }

    /** X of a run with these N, D, C. */
    public double x(double params, double tokens, double flops) {
        return switch (this) {
            case PARAMS -> params;
            case TOKENS -> tokens;
            case COMPUTE -> flops;
        };
    }
}
