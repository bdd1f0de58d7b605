package dev.ladder.trainer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.cli.CacheDirOption;
import dev.ladder.data.runlog.RunJson;
import dev.ladder.data.tokens.VocabularySize;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.DataConfig;
import dev.ladder.trainer.config.LadderConfig;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.config.TrainConfig.Device;
import dev.ladder.trainer.ladder.MemoryCheck;
import dev.ladder.trainer.ladder.Plan;
import dev.ladder.trainer.ladder.Planner;
import dev.ladder.trainer.ladder.Rung;
import dev.ladder.trainer.ladder.WallTimeEstimate;
import dev.ladder.trainer.train.Backend;
import dev.ladder.trainer.train.SystemCheck;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ladder plan CONFIG}: the rungs of a ladder with their sizes, budgets, FLOPs and estimated wall time. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        header = "Show a ladder's rungs: shape, N, tokens, tokens/param, FLOPs, batch, steps and estimated wall time.",
        description = {"", "The wall time comes from a short calibration: a few timed training steps of each shape on"
                + " this machine (skip it with --no-calibrate). Plans that cannot run (a rung short of minSteps"
                + " optimizer steps even at one sequence per step, a model too big for memory) are refused, naming"
                + " the rung. Each rung's batch follows the ladder's batch rule; * marks a batch cut to reach"
                + " minSteps.",
            "The corpus is not prepared: the vocabulary size comes from the tokenizer spec (bpe:V, tiktoken:e), or"
                + " for char from the corpus's characters (generated for synthetic corpora; other corpora must be"
                + " there). For another machine: --device CUDA --gpu-memory 80GiB checks memory against that GPU.", ""})
public final class PlanCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Ladder config (JSON), e.g. configs/classroom.json.")
    Path config;

    @Option(names = "--json", description = "Print the plan as JSON for tools.")
    boolean json;

    @Option(names = "--no-calibrate", description = "Skip the wall-time calibration (implied by --gpu-memory).")
    boolean noCalibrate;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Workers the estimate assumes (default: 1).")
    int workers;

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Device the plan is for: ${COMPLETION-CANDIDATES} (default: the config's train.device).")
    Device device;

    @Option(names = "--gpu-memory", paramLabel = "SIZE", converter = ByteSize.class,
            description = "With --device CUDA: the target GPU's memory, e.g. 80GiB or 40GB; the memory check uses it"
                    + " instead of this machine's, and the plan is for another machine (no calibration).")
    Long gpuMemory;

    @Mixin
    CacheDirOption cacheOption;

    @Override
    public Integer call() {
        if (workers < 1) throw InvalidInputException.outOfRange("command line", "--workers", workers, ">= 1");
        Path cache = cacheOption.resolve();
        LadderConfig ladder = ConfigLoader.loadLadder(config);
        RunConfig base = ConfigLoader.load(config + ": run", ladder.run(), List.of());
        DataConfig data = base.data();
        VocabularySize vocabulary;
        try {
            vocabulary = VocabularySize.of(data.corpus(), data.tokenizer(), cache);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(config + ": data.tokenizer = " + data.tokenizer() + ": " + e.getMessage(),
                    e);
        }
        Plan plan = Planner.plan(config.toString(), ladder, vocabulary.size());
        Device target = device != null ? device : base.train().device();
        TrainConfig train = ConfigLoader.load(config + ": run", ladder.run(), List.of("train.device=" + target)).train();
        String capacity = checkMemory(plan, target, train.batchSize());
        WallTimeEstimate estimate = null;
        boolean calibrate = !noCalibrate && gpuMemory == null;
        if (calibrate) {
            Backend backend = Backend.start(train.device(), train.threads());
            estimate = WallTimeEstimate.calibrate(plan.rungs(), train, backend.engineOptions());
        }
        String header = String.format(Locale.ROOT, "for %s; memory checked against %s%s%nvocabulary %,d (%s)", target,
                capacity, calibrate ? "" : gpuMemory != null ? "; not calibrated (a plan for another machine)"
                        : "; not calibrated", vocabulary.size(), vocabulary.how());
        if (json) printJson(plan, estimate, target, vocabulary);
        else printTable(plan, header, estimate, ladder.batchExponent(), ladder.minSteps(), System.out);
        return ExitCode.OK;
    }

    /** Checks every rung against the memory the plan is for; returns what that was, for the header. */
    private String checkMemory(Plan plan, Device target, int batchSize) {
        String source = config.toString();
        if (target == Device.CPU) {
            if (gpuMemory != null) {
                throw new InvalidInputException("command line: --gpu-memory is for a plan on CUDA, but the device is"
                        + " CPU (--device, else the config's train.device); allowed: --device CUDA --gpu-memory SIZE");
            }
            MemoryCheck.check(source, plan, batchSize, workers);
            return "this machine's memory";
        }
        if (gpuMemory != null) {
            MemoryCheck.check(source, plan, batchSize, workers, gpuMemory, "the target GPU's");
            return String.format(Locale.ROOT, "the target GPU's %.1f GiB (--gpu-memory)", gpuMemory / ByteSize.GIB);
        }
        if (!Backend.cudaBuild()) {
            throw new InvalidInputException("command line: --device CUDA on the CPU build needs --gpu-memory SIZE, the"
                    + " target GPU's memory, e.g. --gpu-memory 80GiB (a plan for another machine); or plan on the"
                    + " GPU box itself: LADDER_BACKEND=cuda ./ladder plan " + source);
        }
        List<Long> memory = SystemCheck.cudaMemory();
        if (memory.isEmpty()) {
            throw new InvalidInputException("command line: --device CUDA: no CUDA device found here; give --gpu-memory"
                    + " SIZE for the target GPU, e.g. --gpu-memory 80GiB, or see `ladder doctor --device CUDA`");
        }
        MemoryCheck.check(source, plan, batchSize, workers, memory.get(0), "GPU 0's");
        return String.format(Locale.ROOT, "GPU 0's %.1f GiB", memory.get(0) / ByteSize.GIB);
    }

    private void printTable(Plan plan, String header, WallTimeEstimate estimate, double exponent, int minSteps,
                            PrintStream out) {
        out.printf(Locale.ROOT, "ladder %s: %d rungs from %s%n", plan.ladder(), plan.rungs().size(), plan.source());
        out.println(header);
        boolean parents = plan.rungs().stream().anyMatch(r -> r.parents() != null);
        int idWidth = Math.max(22, plan.rungs().stream().mapToInt(r -> r.runId().length()).max().orElse(0));
        String id = "%-" + idWidth + "s";
        out.printf(Locale.ROOT, "%3s  " + id + " %-12s %11s %11s %12s %8s %10s %6s %7s %9s %10s%s%n", "#", "runId",
                "shape", "N total", "N nonEmb", "tokens", "tok/N", "FLOPs", "batch", "steps", "lr", "est. time",
                parents ? "  parents" : "");
        double totalSeconds = 0;
        for (Rung r : plan.rungs()) {
            double seconds = estimate == null ? Double.NaN : seconds(estimate, plan, r);
            totalSeconds += seconds;
            out.printf(Locale.ROOT, "%3d  " + id + " %-12s %,11d %,11d %,12d %8.1f %10.2e %6s %,7d %9.2e %10s%s%n",
                    r.index(), r.runId(), shape(r), r.params().total(), r.params().nonEmbedding(), r.tokens(),
                    r.tokensPerParam(), r.flops(), r.batchSize() + (r.batchNote() == null ? "" : "*"), r.steps(),
                    r.lr(), duration(seconds), parents ? "  " + parentsText(r) : "");
        }
        out.printf(Locale.ROOT, "batch: sequences per step, run.train.batchSize x (budget / largest budget)^%s"
                + " (batchExponent; DeepSeek LLM's B_opt ~ C^0.3271), each rung at least %d steps (minSteps)%n",
                exponent, minSteps);
        for (Rung r : plan.rungs()) {
            if (r.batchNote() != null) out.printf(Locale.ROOT, "  * %s: %s%n", r.runId(), r.batchNote());
        }
        Map<String, Long> corpora = plan.rungs().stream().collect(Collectors.groupingBy(
                r -> r.config().path("data").path("corpus").asText(), LinkedHashMap::new, Collectors.counting()));
        if (corpora.size() > 1) {
            out.println("corpora: " + corpora.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue()
                    + " rungs)").collect(Collectors.joining(", ")));
        }
        out.printf(Locale.ROOT, "total: %.3e FLOPs (Kaplan 6N convention, as logged); estimated %s with %d worker(s)%n",
                plan.totalFlops(), duration(totalSeconds / workers), workers);
        if (plan.points().size() < plan.rungs().size()) {
            out.printf(Locale.ROOT, "WSD branches: %d fitted (N, D) points for %,d training tokens (%.3e FLOPs);"
                            + " separate runs would train %,d tokens (%.3e FLOPs): %.2fx the points per FLOP%n",
                    plan.points().size(), plan.trainedTokens(), plan.totalFlops(), plan.separateRunTokens(),
                    plan.separateRunFlops(), plan.separateRunFlops() / plan.totalFlops());
        }
    }

    /** "-" or, e.g., "stable 57k-stable-s1 from step 800" (tokens and FLOPs count from the stable run's start). */
    private static String parentsText(Rung r) {
        if (r.parents() == null) return "-";
        List<String> parts = new ArrayList<>();
        if (r.parents().teacher() != null) parts.add("teacher " + r.parents().teacher().runId());
        if (r.parents().pretrained() != null) parts.add("pretrained " + r.parents().pretrained().runId());
        if (r.parents().stable() != null) {
            parts.add("stable " + r.parents().stable() + " from step " + r.parents().branchStep());
        }
        return String.join(", ", parts);
    }

    private static String shape(Rung r) {
        return "L" + r.model().nLayer() + "-d" + r.model().dModel() + "-h" + r.model().nHead();
    }

    private void printJson(Plan plan, WallTimeEstimate estimate, Device target, VocabularySize vocabulary) {
        ObjectNode root = RunJson.MAPPER.valueToTree(plan);
        root.put("device", target.name());
        if (gpuMemory != null) root.put("gpuMemoryBytes", gpuMemory);
        root.put("vocabSize", vocabulary.size());
        root.put("vocabSizeFrom", vocabulary.how());
        ArrayNode rungs = (ArrayNode) root.get("rungs");
        for (int i = 0; i < rungs.size(); i++) {
            ObjectNode rung = (ObjectNode) rungs.get(i);
            rung.remove("config");
            rung.put("steps", plan.rungs().get(i).steps());
            if (estimate != null) rung.put("estimatedSeconds", seconds(estimate, plan, plan.rungs().get(i)));
        }
        System.out.println(root.toPrettyString());
    }

    private double seconds(WallTimeEstimate estimate, Plan plan, Rung rung) {
        RunConfig run = rung.runConfig(config.toString());
        return estimate.seconds(rung, plan.teacherOf(rung).orElse(null), run.tokensPerStep(), run.evalCount(),
                run.evalBatchCount());
    }

    private static String duration(double seconds) {
        if (Double.isNaN(seconds)) return "-";
        if (seconds < 90) return String.format(Locale.ROOT, "%.0f s", seconds);
        if (seconds < 5400) return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
