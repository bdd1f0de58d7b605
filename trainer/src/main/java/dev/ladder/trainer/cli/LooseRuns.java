package dev.ladder.trainer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.data.runlog.RunDirectory;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.trainer.ladder.RungStatus;
import dev.ladder.trainer.ladder.RungStatus.State;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs that no plan.json lists, such as those {@code ladder train} writes into {@code <out>/single/}: each run
 * directory's state read from its own files, for {@code ladder status}.
 *
 * @param dir         the run directory
 * @param runId       the run's id (its run.json's, else the folder name)
 * @param state       running (a live lock), the summary's status, interrupted (a log but no summary) or pending
 * @param tokensDone  training tokens logged so far
 * @param planned     the tokens the run plans to train (run.json), 0 when unknown
 * @param lastValLoss the latest validation loss, nats per token; null before the first eval
 * @param lastValLossStderr one standard error of it; null before the first eval or in logs that lack it
 */
record LooseRuns(Path dir, String runId, State state, long tokensDone, long planned, Double lastValLoss,
                 Double lastValLossStderr) {

    /** Run directories (folders holding run.json) at {@code root}, one or two levels down, outside ladder folders. */
    static List<LooseRuns> find(Path root, List<Path> ladderDirs) {
        try (Stream<Path> all = Files.walk(root, 3)) {
            return all.filter(p -> p.getFileName().toString().equals("run.json") && Files.isRegularFile(p))
                    .map(Path::getParent)
                    .filter(d -> ladderDirs.stream().noneMatch(d::startsWith))
                    .sorted()
                    .map(LooseRuns::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot list " + root, e.getCause());
        }
    }

    static LooseRuns read(Path path) {
        RunDirectory dir = new RunDirectory(path);
        RunInfo info = RunJson.readInfo(dir.runJson());
        RungStatus.Progress p = RungStatus.progress(dir);
        return new LooseRuns(path, info.runId(), p.state(), p.tokensDone(), info.plannedTokens(), p.lastValLoss(),
                p.lastValLossStderr());
    }

    static void print(Path root, List<LooseRuns> runs, PrintStream out) {
        out.printf(Locale.ROOT, "runs without a plan under %s (%d runs)%n", root, runs.size());
        out.printf(Locale.ROOT, "%-32s %-12s %25s %9s %17s%n", "run", "state", "tokens done/planned", "done",
                "valLoss ± stderr");
        for (LooseRuns r : runs) {
            double done = r.state == State.COMPLETED ? 1 : r.planned > 0 ? Math.min(1, (double) r.tokensDone
                    / r.planned) : 0;
            out.printf(Locale.ROOT, "%-32s %-12s %12d/%-12d %8.1f%% %17s%n", root.relativize(r.dir), r.state.label(),
                    r.tokensDone, r.planned, 100 * done,
                    RungStatus.lossText(r.lastValLoss, r.lastValLossStderr));
        }
    }

    static ObjectNode toJson(Path root, List<LooseRuns> runs) {
        ObjectNode node = RunJson.MAPPER.createObjectNode();
        node.put("folder", root.toString());
        ArrayNode array = node.putArray("runs");
        for (LooseRuns r : runs) {
            ObjectNode o = array.addObject();
            o.put("dir", r.dir.toString());
            o.put("runId", r.runId);
            o.put("state", r.state.label());
            o.put("tokensDone", r.tokensDone);
            o.put("tokensPlanned", r.planned);
            if (r.lastValLoss != null) o.put("lastValLoss", r.lastValLoss);
            if (r.lastValLossStderr != null) o.put("lastValLossStderr", r.lastValLossStderr);
        }
        return node;
    }
}
