package dev.ladder.analysis.plot;

import dev.ladder.analysis.fit.FitData;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.FlopCount;
import dev.ladder.analysis.fit.ParamCount;
import dev.ladder.analysis.fit.RunObservations;
import dev.ladder.analysis.run.RunData;
import dev.ladder.data.runlog.RunInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every figure draws from: the runs as read, the data the laws were fitted to, each fitted law with its bootstrap
 * refits, the laws refused and why, and the conventions that turn a run into N and C.
 *
 * @param refused "law: why" for each law the data could not support
 * @param level   confidence level of the bootstrap bands, e.g. 0.95
 */
public record PlotInput(List<RunData> runs, FitData data, List<FitPipeline.Fitted> fitted, List<String> refused,
                        ParamCount params, FlopCount flops, double level) {

    public PlotInput {
        runs = List.copyOf(runs);
        fitted = List.copyOf(fitted);
        refused = List.copyOf(refused);
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(flops, "flops");
    }

    /** The fit of the law with this name (e.g. "chinchilla"), if it was fitted. */
    public Optional<FitPipeline.Fitted> law(String name) {
        return fitted.stream().filter(f -> f.result().law().equals(name)).findFirst();
    }

    /** Why the law with this name is absent: its refusal, or that it was not asked for. */
    public String absence(String name) {
        return refused.stream().filter(r -> r.startsWith(name + ":")).findFirst()
                .orElse(name + ": not fitted");
    }

    /** N of a run under the fit's parameter convention. */
    public double params(RunData run) {
        return RunObservations.paramCount(run.info(), params);
    }

    /** FLOPs per training token of a run under the fit's FLOP convention. */
    public double flopsPerToken(RunData run) {
        return RunObservations.flopsPerToken(run.info(), flops);
    }

    /** The known entropy rate of the corpus (synthetic corpora), from the first run that records one. */
    public Optional<RunInfo.CorpusInfo> entropyRate() {
        return runs.stream().map(r -> r.info().corpus())
                .filter(c -> c != null && c.entropyRate() != null).findFirst();
    }
}
