package dev.ladder.trainer.ladder;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A ladder's planned runs, cheapest first; written to {@code <out>/<ladder>/plan.json} so that workers, Slurm array
 * tasks and {@code ladder status} all see the same rungs.
 *
 * @param ladder the ladder's name
 * @param source the ladder config file the plan came from
 */
public record Plan(int schemaVersion, String ladder, String source, List<Rung> rungs) {

    public static final int CURRENT_VERSION = 1;
    public static final String FILE_NAME = "plan.json";

    public Plan {
        rungs = List.copyOf(rungs);
    }

    public Rung rung(String source, int index) {
        if (index < 0 || index >= rungs.size()) {
            throw InvalidInputException.outOfRange(source, "--rung", index, "0.." + (rungs.size() - 1));
        }
        return rungs.get(index);
    }

    /** The teacher rung of a distillation student; empty for any other rung. */
    public Optional<Rung> teacherOf(Rung rung) {
        if (rung.parents() == null || rung.parents().teacher() == null) return Optional.empty();
        String id = rung.parents().teacher().runId();
        return rungs.stream().filter(r -> r.runId().equals(id)).findFirst();
    }

    /** The FLOPs the plan spends: each rung's own (a WSD branch's inherited tokens are paid by its stable run). */
    public double totalFlops() {
        return rungs.stream().mapToDouble(Rung::ownFlops).sum();
    }

    /** Training tokens the plan spends, each rung's own. */
    public long trainedTokens() {
        return rungs.stream().mapToLong(Rung::ownTokens).sum();
    }

    /**
     * The fitted points of the plan, (N, D) pairs: every rung except WSD stable runs, whose constant-rate loss is
     * not a point of any law (their branches are).
     */
    public List<Rung> points() {
        List<String> stable = rungs.stream().map(Rung::parents)
                .filter(p -> p != null && p.stable() != null).map(RunInfo.Parents::stable).distinct().toList();
        return rungs.stream().filter(r -> !stable.contains(r.runId())).toList();
    }

    /** Training tokens separate runs of the same points would spend: the sum of their budgets. */
    public long separateRunTokens() {
        return points().stream().mapToLong(Rung::tokens).sum();
    }

    /** FLOPs separate runs of the same points would spend. */
    public double separateRunFlops() {
        return points().stream().mapToDouble(Rung::flops).sum();
    }

    public void write(Path file) {
        RunJson.writeAtomically(file, this);
    }

    public static Plan read(Path file) {
        if (!file.toFile().isFile()) {
            throw new InvalidInputException(file + ": plan not found; write one with `ladder run CONFIG` or "
                    + "`ladder slurm CONFIG`");
        }
        try {
            Plan plan = RunJson.MAPPER.readValue(file.toFile(), Plan.class);
            if (plan.schemaVersion() != CURRENT_VERSION) {
                throw InvalidInputException.outOfRange(file.toString(), "schemaVersion", plan.schemaVersion(),
                        String.valueOf(CURRENT_VERSION));
            }
            return plan;
        } catch (java.io.IOException e) {
            throw new InvalidInputException(file + ": not a valid plan: " + e.getMessage(), e);
        }
    }
}
