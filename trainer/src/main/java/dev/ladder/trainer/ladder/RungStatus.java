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
import java.util.List;
import java.util.Locale;

/**
 * Where one rung stands, read from its run directory: the summary says how a finished run ended, a live lock says
 * it is running, a log without either (or with a summary cut short) says it was interrupted (by a crash or a kill),
 * and no log says pending.
 *
 * @param tokensDone  training tokens logged so far
 * @param lastValLoss the latest validation loss, nats per token; null before the first eval
 */
public record RungStatus(Rung rung, State state, long tokensDone, Double lastValLoss) {

    /** A rung's state; JSON and tables use the lower-case names. */
    public enum State {
        PENDING, RUNNING, COMPLETED, DIVERGED, FAILED, INTERRUPTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Finished for good: nothing left to train (a diverged run would diverge again). */
        public boolean finished() {
            return this == COMPLETED || this == DIVERGED;
        }
    }

    /** The run directory of {@code rung} in a ladder trained into {@code ladderDir}. */
    public static RunDirectory runDirectory(Path ladderDir, Rung rung) {
        return new RunDirectory(ladderDir.resolve(rung.runId()));
    }

    public static RungStatus read(Path ladderDir, Rung rung) {
        RunDirectory dir = runDirectory(ladderDir, rung);
        long tokens = 0;
        Double valLoss = null;
        if (Files.isRegularFile(dir.metrics())) {
            MetricsLog log = RunLogReader.read(dir.metrics());
            List<StepRecord> steps = log.steps();
            List<EvalRecord> evals = log.evals();
            if (!steps.isEmpty()) tokens = steps.get(steps.size() - 1).tokens();
            if (!evals.isEmpty()) valLoss = evals.get(evals.size() - 1).valLoss();
        }
        State state;
        if (RunLock.liveHolder(dir.dir()).isPresent()) {
            state = State.RUNNING;
        } else if (Files.isRegularFile(dir.summaryJson())) {
            state = summaryState(dir);
        } else {
            state = Files.isRegularFile(dir.metrics()) ? State.INTERRUPTED : State.PENDING;
        }
        return new RungStatus(rung, state, tokens, valLoss);
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

    /** Share of the rung's token budget done, in [0, 1]. */
    public double fraction() {
        return state == State.COMPLETED ? 1 : Math.min(1, (double) tokensDone / rung.tokens());
    }
}
