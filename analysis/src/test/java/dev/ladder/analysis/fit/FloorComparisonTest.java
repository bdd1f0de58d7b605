package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.analysis.run.RunData;
import dev.ladder.data.runlog.MetricsLog;
import dev.ladder.data.runlog.RunInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** E beside the context floor and the entropy rate, in words. */
class FloorComparisonTest {

    private static RunData run(RunInfo.CorpusInfo corpus) {
        return run("r", corpus);
    }

    private static RunData run(String id, RunInfo.CorpusInfo corpus) {
        RunInfo info = new RunInfo(1, id, null, null, null, new RunInfo.Params(10, 8, 2),
                new RunInfo.FlopsPerToken(60, 60, null), 100, 0, 1, corpus, null, null);
        return new RunData(info, new MetricsLog(List.of(), List.of(), List.of()), Optional.empty(), Path.of(id));
    }

    private static FitResult fit(double e, double lo, double hi) {
        return fit(e, lo, hi, List.of());
    }

    private static FitResult fit(double e, double lo, double hi, List<String> runsUsed) {
        return new FitResult("chinchilla", "L = E + ...", Map.of("E", e), Map.of("E", new double[] {lo, hi}),
                Map.of(), 0, null, runsUsed, List.of(), 0, 100, Bootstrap.Method.runs, 0, 0.95, List.of(), null,
                Map.of());
    }

    @Test
    void statesBothSidesAndWhetherTheIntervalHoldsTheFloor() {
        RunData markov = run(new RunInfo.CorpusInfo("synthetic:markov", "char", 1.8074, null, 1.8123, 0.0, 64));
        String inside = FloorComparison.describe(List.of(markov), fit(1.81, 1.80, 1.83)).orElseThrow();
        assertThat(inside).contains("context-64 floor 1.8123").contains("exact").contains("inside E's interval")
                .contains("entropy rate 1.8074").doesNotContain("only because");
        assertThat(FloorComparison.describe(List.of(markov), fit(1.9, 1.85, 1.95)).orElseThrow())
                .contains("outside E's interval");
    }

    @Test
    void saysWhenTheIntervalHoldsTheFloorOnlyBecauseItIsWide() {
        RunData words = run(new RunInfo.CorpusInfo("synthetic:default?words=128", "char", 0.5607, 0.0002, 0.6027,
                0.0018, 64));
        String wide = FloorComparison.describe(List.of(words), fit(0.6985, 0, 0.7312)).orElseThrow();
        assertThat(wide).contains("inside E's interval only because that interval is 0.73 nats wide")
                .contains("lies 0.0958 above the floor");
        assertThat(FloorComparison.describe(List.of(words), fit(0.61, 0.5, 0.75)).orElseThrow())
                .contains("inside E's interval").doesNotContain("only because");
    }

    @Test
    void saysWhenTheFloorIsNotComputedAndIsSilentWithoutAnEntropyRate() {
        RunData word = run(new RunInfo.CorpusInfo("synthetic:default", "char", 0.5296, 0.0003));
        assertThat(FloorComparison.describe(List.of(word), fit(0.8, 0.1, 1.7)).orElseThrow())
                .contains("not computed").contains("0.5296 ± 0.0003");
        RunData text = run(new RunInfo.CorpusInfo("file:x.txt", "char", null, null));
        assertThat(FloorComparison.describe(List.of(text), fit(0.8, 0.1, 1.7))).isEmpty();
    }

    @Test
    void comparesWithTheCorpusOfTheRunsTheFitUsed() {
        // a fine-tuning ladder: pretrained runs on the source corpus, the law fitted to fine-tunes on the target
        RunData source = run("pre", new RunInfo.CorpusInfo("synthetic:default?order=2", "char", 0.5273, 0.0003,
                0.5659, 0.0019, 64));
        RunData target = run("ft", new RunInfo.CorpusInfo("synthetic:default?order=2&redraw=0.3", "char", 0.5443,
                0.0004, 0.5779, 0.0019, 64));
        String line = FloorComparison.describe(List.of(source, target), fit(0.64, 0.52, 0.69, List.of("ft")))
                .orElseThrow();
        assertThat(line).contains("redraw=0.3").contains("floor 0.5779").contains("entropy rate 0.5443")
                .doesNotContain("0.5659");
    }
}
