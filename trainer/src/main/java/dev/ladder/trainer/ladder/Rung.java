package dev.ladder.trainer.ladder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.model.ModelConfig;
import java.util.List;

/**
 * One run of a ladder, fully planned: its shape, budget, learning rate, seed and the resolved run config that
 * {@code ladder train --plan plan.json --rung INDEX} trains.
 *
 * @param index  position in the plan (rungs are ordered by increasing cost); Slurm's array task id
 * @param shape  shape name, from the table or explicit
 * @param tokens token budget D
 * @param flops  training compute: flopsPerToken (Kaplan's 6N convention, as metrics.jsonl logs it) × tokens
 * @param config the run config as JSON (ConfigLoader re-reads and re-checks it)
 * @param batchSize    sequences per optimizer step, from the ladder's batch rule (see {@link Planner})
 * @param plannedFlops the budget the rung was planned for, Kaplan's 6N convention: an IsoFLOP ladder's C (which
 *                     {@code flops} matches up to rounding of the tokens), else {@code flops}; fits group by it
 * @param batchNote    why the batch differs from the rule's, e.g. cut to reach the ladder's minSteps; null if not
 * @param parents      the rungs this one starts from (by run id), written into its run.json; null when none. A rung
 *                     trains only after every parent completed, and is blocked when one failed or diverged.
 */
public record Rung(int index, String runId, String shape, ModelConfig model, RunInfo.Params params, long tokens,
                   double flops, double lr, long seed, JsonNode config, int batchSize, double plannedFlops,
                   String batchNote, RunInfo.Parents parents) {

    /** This rung at plan position {@code i}. */
    public Rung withIndex(int i) {
        return new Rung(i, runId, shape, model, params, tokens, flops, lr, seed, config, batchSize, plannedFlops,
                batchNote, parents);
    }

    /** The run ids of the rungs this one depends on; empty when none. */
    public List<String> parentIds() {
        return parents == null ? List.of() : parents.runIds();
    }

    /** Tokens this rung trains itself: its budget less what it inherits from a WSD stable run. */
    public long ownTokens() {
        return parents == null || parents.branchTokens() == null ? tokens : tokens - parents.branchTokens();
    }

    /** FLOPs this rung spends itself ({@link #flops} counts inherited tokens too, as fits do). */
    public double ownFlops() {
        return flops * ownTokens() / tokens;
    }

    /** The rung's run config, re-read and re-checked from its JSON. */
    public RunConfig runConfig(String source) {
        return ConfigLoader.load(source + ": rung " + index, config, List.of());
    }

    /** Optimizer steps: the token budget over tokens per step, rounded down (as the run config counts them). */
    public long steps() {
        return tokens / ((long) batchSize * model.seqLen());
    }

    /** Tokens per total parameter (Chinchilla's D/N). */
    public double tokensPerParam() {
        return (double) tokens / params.total();
    }
}
