package dev.ladder.trainer.cli;

import dev.ladder.data.cli.CacheDirOption;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.ladder.MemoryCheck;
import dev.ladder.trainer.ladder.Plan;
import dev.ladder.trainer.ladder.Planner;
import dev.ladder.trainer.ladder.Rung;
import dev.ladder.trainer.ladder.WallTimeEstimate;
import dev.ladder.trainer.train.Backend;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ladder plan CONFIG}: the rungs of a ladder with their sizes, budgets, FLOPs and estimated wall time. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        header = "Show a ladder's rungs: shape, N, tokens, tokens/param, FLOPs and estimated wall time.",
        description = {"", "The wall time comes from a short calibration: a few timed training steps of each shape on"
                + " this machine (skip it with --no-calibrate). Plans that cannot run (a budget below one batch, a"
                + " model too big for memory) are refused, naming the rung.", ""})
public final class PlanCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Ladder config (JSON), e.g. configs/classroom.json.")
    Path config;

    @Option(names = "--json", description = "Print the plan as JSON for tools.")
    boolean json;

    @Option(names = "--no-calibrate", description = "Skip the wall-time calibration.")
    boolean noCalibrate;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Workers the estimate assumes (default: 1).")
    int workers;

    @Mixin
    CacheDirOption cacheOption;

    @Override
    public Integer call() {
        Path cache = cacheOption.resolve();
        Plan plan = Planner.plan(config, cache);
        RunConfig first = plan.rungs().get(0).runConfig(config.toString());
        MemoryCheck.check(config.toString(), plan, first.train().batchSize(), workers);
        WallTimeEstimate estimate = null;
        if (!noCalibrate) {
            TrainConfig train = first.train();
            Backend backend = Backend.start(train.device(), train.threads());
            estimate = WallTimeEstimate.calibrate(plan.rungs(), train, backend.hostKernels());
        }
        if (json) printJson(plan, estimate);
        else printTable(plan, estimate, System.out);
        return ExitCode.OK;
    }

    private void printTable(Plan plan, WallTimeEstimate estimate, PrintStream out) {
        out.printf(Locale.ROOT, "ladder %s: %d rungs from %s%n", plan.ladder(), plan.rungs().size(), plan.source());
        out.printf(Locale.ROOT, "%3s  %-22s %-12s %11s %11s %12s %8s %10s %9s %10s%n", "#", "runId", "shape",
                "N total", "N nonEmb", "tokens", "tok/N", "FLOPs", "lr", "est. time");
        double totalSeconds = 0;
        for (Rung r : plan.rungs()) {
            double seconds = estimate == null ? Double.NaN : seconds(estimate, r);
            totalSeconds += seconds;
            out.printf(Locale.ROOT, "%3d  %-22s %-12s %,11d %,11d %,12d %8.1f %10.2e %9.2e %10s%n", r.index(),
                    r.runId(), "L" + r.model().nLayer() + "-d" + r.model().dModel() + "-h" + r.model().nHead(),
                    r.params().total(), r.params().nonEmbedding(), r.tokens(), r.tokensPerParam(), r.flops(), r.lr(),
                    duration(seconds));
        }
        out.printf(Locale.ROOT, "total: %.3e FLOPs (Kaplan 6N convention, as logged); estimated %s with %d worker(s)%n",
                plan.totalFlops(), duration(totalSeconds / workers), workers);
    }

    private void printJson(Plan plan, WallTimeEstimate estimate) {
        ObjectNode root = RunJson.MAPPER.valueToTree(plan);
        ArrayNode rungs = (ArrayNode) root.get("rungs");
        for (int i = 0; i < rungs.size(); i++) {
            ObjectNode rung = (ObjectNode) rungs.get(i);
            rung.remove("config");
            if (estimate != null) rung.put("estimatedSeconds", seconds(estimate, plan.rungs().get(i)));
        }
        System.out.println(root.toPrettyString());
    }

    private double seconds(WallTimeEstimate estimate, Rung rung) {
        RunConfig run = rung.runConfig(config.toString());
        return estimate.seconds(rung, run.tokensPerStep(), run.evalCount(), run.train().evalBatches());
    }

    private static String duration(double seconds) {
        if (Double.isNaN(seconds)) return "-";
        if (seconds < 90) return String.format(Locale.ROOT, "%.0f s", seconds);
        if (seconds < 5400) return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
