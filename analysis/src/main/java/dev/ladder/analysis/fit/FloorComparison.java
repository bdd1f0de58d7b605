package dev.ladder.analysis.fit;

import dev.ladder.analysis.run.RunData;
import dev.ladder.data.runlog.RunInfo;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A fitted irreducible loss E beside what the corpus says it should be: the floor a predictor with the runs' context
 * length can reach (run.json {@code corpus.contextFloor}, when the trainer computed it) and the asymptotic entropy
 * rate, which only an infinite context reaches. A law fitted to context-T losses estimates the former.
 */
public final class FloorComparison {

    /**
     * The widest 95% interval of E, in nats, that counts as pinning it down (±0.15, issue 10's target for the
     * classroom demo); a wider interval that holds the floor is said to hold it only because it is wide.
     */
    static final double PINNED_WIDTH = 0.3;

    private FloorComparison() {
    }

    /**
     * One sentence comparing E of {@code fit} with the corpus of the runs it used (a fine-tuning ladder holds two
     * corpora, and its law's E belongs to the target's); empty without E or a known entropy rate.
     */
    public static Optional<String> describe(List<RunData> all, FitResult fit) {
        Double e = fit.parameters().get("E");
        List<RunData> runs = fit.runsUsed().isEmpty() ? all
                : all.stream().filter(r -> fit.runsUsed().contains(r.runId())).toList();
        Optional<RunInfo.CorpusInfo> corpus = runs.stream().map(r -> r.info().corpus())
                .filter(c -> c != null && c.entropyRate() != null).findFirst();
        if (e == null || corpus.isEmpty()) return Optional.empty();
        RunInfo.CorpusInfo c = corpus.get();
        double[] interval = fit.intervals().get("E");
        String range = interval == null ? "" : String.format(Locale.ROOT, " [%.4g, %.4g]", interval[0], interval[1]);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "E = %.4f%s against %s: ", e, range,
                c.spec()));
        Optional<RunInfo.CorpusInfo> floor = runs.stream().map(r -> r.info().corpus())
                .filter(f -> f != null && f.contextFloor() != null).findFirst();
        if (floor.isPresent()) {
            RunInfo.CorpusInfo f = floor.get();
            out.append(String.format(Locale.ROOT, "context-%d floor %.4f%s nats/token (the mean over the window's"
                            + " positions of the entropy of the next token given the tokens before it; %s)",
                    f.contextLength(), f.contextFloor(), error(f.contextFloorError()),
                    f.contextFloorError() == null || f.contextFloorError() == 0 ? "exact"
                            : "Monte Carlo, ± one standard error"));
            if (interval != null) {
                boolean holds = interval[0] <= f.contextFloor() && f.contextFloor() <= interval[1];
                out.append(holds ? ", inside E's interval" : ", outside E's interval");
                double width = interval[1] - interval[0];
                if (holds && width > PINNED_WIDTH) {
                    out.append(String.format(Locale.ROOT, " only because that interval is %.2f nats wide (E is"
                            + " pinned when it is under %.2f); the estimate itself lies %.4f %s the floor", width,
                            PINNED_WIDTH, Math.abs(e - f.contextFloor()), e >= f.contextFloor() ? "above" : "below"));
                }
            }
        } else {
            out.append("context floor not computed for this corpus (run.json has no corpus.contextFloor;"
                    + " synthetic corpora with the char tokenizer have one), it lies above the entropy rate");
        }
        out.append(String.format(Locale.ROOT, "; entropy rate %.4f%s nats/token (infinite context)",
                c.entropyRate(), error(c.entropyRateError())));
        return Optional.of(out.toString());
    }

    private static String error(Double error) {
        return error == null || error == 0 ? "" : String.format(Locale.ROOT, " ± %.4f", error);
    }
}
