package dev.ladder.trainer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.trainer.ladder.Plan;
import dev.ladder.trainer.ladder.RungStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ladder status RUNS}: the state of every rung of the ladders under a runs folder. */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show every rung's state: pending, running, completed, diverged, failed, interrupted or blocked.",
        description = {"", "RUNS is a ladder folder (holding plan.json, as `ladder run` and `ladder slurm` write it)"
                + " or a runs folder holding several ladders; runs without a plan (those of `ladder train`, under"
                + " <out>/single/) are listed after the ladders. Works the same for local and Slurm runs.", ""})
public final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUNS", description = "A ladder folder or a runs folder, e.g. runs/.")
    Path runs;

    @Option(names = "--json", description = "Print JSON for tools.")
    boolean json;

    @Override
    public Integer call() {
        List<Path> plans = plans(runs);
        List<LooseRuns> loose = LooseRuns.find(runs, plans.stream().map(Path::getParent).toList());
        if (plans.isEmpty() && loose.isEmpty()) {
            throw new InvalidInputException(runs + ": no runs here (no plan.json and no run.json one or two levels"
                    + " down); allowed: a folder written by `ladder run`, `ladder slurm` or `ladder train`");
        }
        PrintStream out = System.out;
        ArrayNode all = RunJson.MAPPER.createArrayNode();
        for (Path planFile : plans) {
            Plan plan = Plan.read(planFile);
            List<RungStatus> statuses = RungStatus.readAll(planFile.getParent(), plan);
            if (json) all.add(toJson(plan, statuses));
            else print(plan, statuses, out);
        }
        if (!loose.isEmpty()) {
            if (json) all.add(LooseRuns.toJson(runs, loose));
            else LooseRuns.print(runs, loose, out);
        }
        if (json) out.println(all.toPrettyString());
        return ExitCode.OK;
    }

    private static List<Path> plans(Path runs) {
        if (Files.isRegularFile(runs.resolve(Plan.FILE_NAME))) return List.of(runs.resolve(Plan.FILE_NAME));
        if (Files.isRegularFile(runs)) {
            throw new InvalidInputException(runs + ": is a file; allowed: a ladder folder with plan.json or a runs"
                    + " folder holding ladder folders or runs of `ladder train`");
        }
        if (!Files.isDirectory(runs)) {
            throw new InvalidInputException(runs + ": RUNS folder not found; allowed: a ladder folder with plan.json"
                    + " or a runs folder holding ladder folders");
        }
        try (Stream<Path> children = Files.list(runs)) {
            return children.map(c -> c.resolve(Plan.FILE_NAME)).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
    }

    private static void print(Plan plan, List<RungStatus> statuses, PrintStream out) {
        out.printf(Locale.ROOT, "ladder %s (%d rungs)%n", plan.ladder(), statuses.size());
        String id = "%-" + Math.max(24, statuses.stream().mapToInt(s -> s.rung().runId().length()).max().orElse(0))
                + "s";
        out.printf(Locale.ROOT, "%3s  " + id + " %-12s %25s %9s %17s%n", "#", "runId", "state", "tokens done/planned",
                "done", "valLoss ± stderr");
        for (RungStatus s : statuses) {
            out.printf(Locale.ROOT, "%3d  " + id + " %-12s %12d/%-12d %8.1f%% %17s%n", s.rung().index(),
                    s.rung().runId(), s.state().label(), s.tokensDone(), s.rung().tokens(), 100 * s.fraction(),
                    RungStatus.lossText(s.lastValLoss(), s.lastValLossStderr()));
        }
        for (RungStatus.State state : RungStatus.State.values()) {
            long n = statuses.stream().filter(s -> s.state() == state).count();
            if (n > 0) out.printf(Locale.ROOT, "  %s: %d", state.label(), n);
        }
        out.println();
    }

    private static ObjectNode toJson(Plan plan, List<RungStatus> statuses) {
        ObjectNode node = RunJson.MAPPER.createObjectNode();
        node.put("ladder", plan.ladder());
        ArrayNode rungs = node.putArray("rungs");
        for (RungStatus s : statuses) {
            ObjectNode r = rungs.addObject();
            r.put("index", s.rung().index());
            r.put("runId", s.rung().runId());
            r.put("state", s.state().label());
            r.put("tokensDone", s.tokensDone());
            r.put("tokensPlanned", s.rung().tokens());
            if (s.lastValLoss() != null) r.put("lastValLoss", s.lastValLoss());
            if (s.lastValLossStderr() != null) r.put("lastValLossStderr", s.lastValLossStderr());
            if (!s.rung().parentIds().isEmpty()) {
                s.rung().parentIds().forEach(r.putArray("parents")::add);
            }
        }
        return node;
    }
}
