package dev.ladder.trainer.ladder;

import dev.ladder.data.runlog.CorruptFileException;
import dev.ladder.data.runlog.EvalRecord;
import dev.ladder.data.runlog.MetricsLog;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.runlog.RunSummary;
import dev.ladder.data.runlog.StepRecord;
import dev.ladder.trainer.train.RunLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where one rung stands, read from its run directory: the summary says how a finished run ended, a live lock says
 * it is running, a log without either (or with a summary cut short) says it was interrupted (by a crash or a kill),
 * and no log says pending. A rung that has not started and depends on a rung that failed, diverged or is itself
 * blocked is blocked.
 *
 * @param tokensDone  training tokens logged so far
 * @param lastValLoss the latest validation loss, nats per token; null before the first eval
 * @param lastValLossStderr one standard error of it; null before the first eval or in logs that lack it
 */
public record RungStatus(Rung rung, State state, long tokensDone, Double lastValLoss, Double lastValLossStderr) {

    /** A rung's state; JSON and tables use the lower-case names. */
    public enum State {
        PENDING, RUNNING, COMPLETED, DIVERGED, FAILED, INTERRUPTED, BLOCKED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Finished for good: nothing left to train (a diverged run would diverge again). */
        public boolean finished() {
            return this == COMPLETED || this == DIVERGED;
        }

        /** Ended without a usable result: what blocks the rungs that depend on this one. */
        public boolean blocksChildren() {
            return this == DIVERGED || this == FAILED || this == BLOCKED;
        }
    }

    /** Every rung of {@code plan}, in plan order, with rungs whose parents cannot complete marked blocked. */
    public static List<RungStatus> readAll(Path ladderDir, Plan plan) {
        Map<String, RungStatus> byId = new LinkedHashMap<>();
        for (Rung rung : plan.rungs()) byId.put(rung.runId(), read(ladderDir, rung));
        return plan.rungs().stream().map(r -> resolve(r.runId(), byId, new HashSet<>())).toList();
    }

    private static RungStatus resolve(String runId, Map<String, RungStatus> byId, Set<String> seen) {
        RungStatus status = byId.get(runId);
        if (status.state() != State.PENDING || !seen.add(runId)) return status;
        for (String parent : status.rung().parentIds()) {
            RungStatus p = byId.containsKey(parent) ? resolve(parent, byId, seen) : null;
            if (p != null && p.state().blocksChildren()) {
                RungStatus blocked = new RungStatus(status.rung(), State.BLOCKED, 0, null, null);
                byId.put(runId, blocked);
                return blocked;
            }
        }
        return status;
    }

    /**
     * Why {@code rung} cannot start yet: the first parent that has not completed, with its state; empty when every
     * parent completed (or it has none).
     */
    public static Optional<String> unmetParents(Plan plan, Path ladderDir, Rung rung) {
        for (String parent : rung.parentIds()) {
            Rung p = plan.rungs().stream().filter(r -> r.runId().equals(parent)).findFirst().orElse(null);
            if (p == null) return Optional.of("parent " + parent + " is not in the plan");
            State state = state(ladderDir, p);
            if (state != State.COMPLETED) {
                return Optional.of((state.blocksChildren() ? "blocked: parent " : "waits for parent ") + parent
                        + " (" + state.label() + ")");
            }
        }
        return Optional.empty();
    }

    /** The run directory of {@code rung} in a ladder trained into {@code ladderDir}. */
    public static RunDirectory runDirectory(Path ladderDir, Rung rung) {
        return new RunDirectory(ladderDir.resolve(rung.runId()));
    }

    public static RungStatus read(Path ladderDir, Rung rung) {
        Progress p = progress(runDirectory(ladderDir, rung));
        return new RungStatus(rung, p.state(), p.tokensDone(), p.lastValLoss(), p.lastValLossStderr());
    }

    /**
     * How far a run directory got, read from its files: its state, the tokens of its last step and its last
     * validation loss with its standard error (null before the first eval).
     */
    public record Progress(State state, long tokensDone, Double lastValLoss, Double lastValLossStderr) { }

    /** A last validation loss for a table: "2.1250 ± 0.0016", "2.1250" without an error, "-" without a loss. */
    public static String lossText(Double loss, Double stderr) {
        if (loss == null) return "-";
        return stderr == null ? String.format(Locale.ROOT, "%.4f", loss)
                : String.format(Locale.ROOT, "%.4f ± %.4f", loss, stderr);
    }

    /** The progress of the run in {@code dir}, of a ladder or not. */
    public static Progress progress(RunDirectory dir) {
        long tokens = 0;
        Double valLoss = null;
        Double stderr = null;
        if (Files.isRegularFile(dir.metrics())) {
            MetricsLog log = RunLogReader.read(dir.metrics());
            List<StepRecord> steps = log.steps();
            List<EvalRecord> evals = log.evals();
            if (!steps.isEmpty()) tokens = steps.get(steps.size() - 1).tokens();
            if (!evals.isEmpty()) {
                EvalRecord last = evals.get(evals.size() - 1);
                valLoss = last.valLoss();
                stderr = last.valLossStderr();
            }
        }
        return new Progress(state(dir), tokens, valLoss, stderr);
    }

    /** The state of {@code rung} in a ladder trained into {@code ladderDir}, as {@link #state(RunDirectory)}. */
    public static State state(Path ladderDir, Rung rung) {
        return state(runDirectory(ladderDir, rung));
    }

    /**
     * The state of the run in {@code dir} alone, from its lock and summary.json: {@link #progress} without reading
     * the log (a stable run's holds thousands of steps, and a ladder asks for its state before every branch).
     */
    public static State state(RunDirectory dir) {
        if (RunLock.liveHolder(dir.dir()).isPresent()) return State.RUNNING;
        if (Files.isRegularFile(dir.summaryJson())) return summaryState(dir);
        return Files.isRegularFile(dir.metrics()) ? State.INTERRUPTED : State.PENDING;
    }

    /** The state a summary.json records; one cut short by a crash counts as interrupted (its run resumes). */
    private static State summaryState(RunDirectory dir) {
        try {
            return fromSummary(RunJson.readSummary(dir.summaryJson()).status());
        } catch (CorruptFileException e) {
            return State.INTERRUPTED;
        }
    }

    private static State fromSummary(RunSummary.Status status) {
        return switch (status) {
            case COMPLETED -> State.COMPLETED;
            case DIVERGED -> State.DIVERGED;
            case FAILED -> State.FAILED;
            case INTERRUPTED -> State.INTERRUPTED;
        };
    }

    /** Finished for good: see {@link State#finished()}. */
    public boolean finished() {
        return state.finished();
    }

    /** Share of the tokens the rung trains itself (a branch's inherited tokens excluded) done, in [0, 1]. */
    public double fraction() {
        return state == State.COMPLETED ? 1 : fraction(rung, tokensDone);
    }

    /**
     * The share of {@code rung}'s own tokens that {@code tokensDone} (its log's last step, inherited tokens of a WSD
     * branch included) stands for, in [0, 1].
     */
    public static double fraction(Rung rung, long tokensDone) {
        long inherited = rung.tokens() - rung.ownTokens();
        return Math.max(0, Math.min(1, (double) (tokensDone - inherited) / rung.ownTokens()));
    }
}
