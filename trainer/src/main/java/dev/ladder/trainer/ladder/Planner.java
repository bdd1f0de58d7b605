package dev.ladder.trainer.ladder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.data.tokens.TokenCache;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.DataConfig;
import dev.ladder.trainer.config.LadderConfig;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.model.FlopsCount;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamCount;
import dev.ladder.trainer.train.LrSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link LadderConfig} into a {@link Plan}: one rung per (shape, budget, seed), each with its own resolved run
 * config whose learning-rate schedule decays over that rung's own token budget. Rungs are ordered by increasing
 * FLOPs, so a ladder that is stopped early has its cheap rungs done. With {@code wsd} a shape's rungs become
 * cooldown branches of one stable run ({@link LadderConfig.Wsd}); each branch names the stable run as its parent.
 * The {@code distillation} and {@code finetuning} forms are planned by {@link PostTrainingRungs}.
 *
 * <p>Batch size. A rung with planned budget C trains {@code run.train.batchSize · (C / C_max)^e} sequences per step
 * (rounded, at least 1), C_max being the ladder's largest budget and e its {@code batchExponent}. The default
 * e = 0.3271 is the exponent of DeepSeek LLM's fit of the compute-optimal batch, B_opt = 0.2920·C^0.3271 tokens (and
 * lr_opt = 0.3118·C^-0.1250; DeepSeek-AI 2024, "DeepSeek LLM: Scaling Open-Source Language Models with
 * Longtermism", arXiv:2401.02954, §3.1), where C is counted as non-embedding FLOPs per token (attention included, as
 * Kaplan's 6N convention here) times tokens. They fitted it between 1e17 and 3e20 FLOPs, so only its exponent is
 * used, anchored at the configured batch for the largest budget; the learning rate is left to the ladder's
 * {@code lr} rule. (OLMo-core's ladder rule, batch ∝ N^(2/3) after Porian et al. 2024, grows the batch with the
 * model size, which would give the large shapes of an IsoFLOP budget, already the ones short of steps, still fewer.)
 * A rung that would still take fewer than {@code minSteps} optimizer steps gets the largest batch that reaches them;
 * one that cannot reach them even at one sequence per step is refused, naming the rung, its steps and the minimum.
 * With {@code wsd} a shape's stable run and all its branches share one batch (their steps must line up): the rule's
 * at the shape's smallest budget, cut the same way.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * Reads the ladder config {@code file} and plans it; the corpus is prepared (or found in the cache) first,
     * because the tokenizer's vocabulary size is part of every model's parameter count.
     */
    public static Plan plan(Path file, Path cacheDir) {
        return plan(file, corpus(file, cacheDir));
    }

    /** Plans the ladder config {@code file} for its corpus, already prepared by {@link #corpus}. */
    public static Plan plan(Path file, PreparedCorpus corpus) {
        return plan(file, corpus, null);
    }

    /** As {@link #plan(Path, PreparedCorpus)}, with {@code seeds} instead of the config's when not null. */
    public static Plan plan(Path file, PreparedCorpus corpus, List<Long> seeds) {
        LadderConfig ladder = ConfigLoader.loadLadder(file);
        return plan(file.toString(), seeds == null ? ladder : ladder.withSeeds(seeds), corpus.tokenizer().vocabSize());
    }

    /**
     * The corpus of the ladder config {@code file}, prepared (or found) in the token cache {@code cacheDir}; a
     * fine-tuning ladder's target corpus is prepared too (after it), so that no two workers prepare it at once.
     */
    public static PreparedCorpus corpus(Path file, Path cacheDir) {
        LadderConfig ladder = ConfigLoader.loadLadder(file);
        DataConfig data = ConfigLoader.load(file + ": run", ladder.run(), List.of()).data();
        PreparedCorpus corpus = TokenCache.prepare(data.corpus(), data.tokenizer(), cacheDir, data.valFraction(),
                data.splitSeed());
        if (ladder.finetuning() != null) {
            TokenCache.prepare(ladder.finetuning().target(), data.tokenizer(), cacheDir, data.valFraction(),
                    data.splitSeed());
        }
        return corpus;
    }

    /** Plans {@code ladder} (read from {@code source}) for a tokenizer with {@code vocabSize} tokens. */
    public static Plan plan(String source, LadderConfig ladder, int vocabSize) {
        RunConfig base = ConfigLoader.load(source + ": run", ladder.run(), List.of());
        List<Rung> rungs = new ArrayList<>();
        if (ladder.distillation() != null || ladder.finetuning() != null) {
            rungs.addAll(PostTrainingRungs.rungs(source, ladder, base, vocabSize));
        } else {
            rungs.addAll(pretrainingRungs(source, ladder, base, vocabSize));
        }
        rungs.sort(Comparator.comparingDouble(Rung::flops).thenComparing(Rung::runId));
        List<Rung> indexed = new ArrayList<>();
        for (int i = 0; i < rungs.size(); i++) indexed.add(rungs.get(i).withIndex(i));
        return new Plan(Plan.CURRENT_VERSION, ladder.name(), source, indexed);
    }

    /** The rungs of the {@code grid}, {@code isoflop} and {@code rungs} forms, WSD branches included. */
    private static List<Rung> pretrainingRungs(String source, LadderConfig ladder, RunConfig base, int vocabSize) {
        List<Budget> budgets = budgets(source, ladder, base, vocabSize);
        List<Rung> rungs = new ArrayList<>();
        double largest = budgets.stream().mapToDouble(Budget::plannedFlops).max().orElseThrow();
        for (long seed : ladder.seeds()) {
            if (ladder.wsd() != null) {
                rungs.addAll(wsdRungs(source, ladder, base, budgets, largest, seed));
                continue;
            }
            for (Budget budget : budgets) {
                String runId = budget.shape().name() + "-t" + compact(budget.tokens()) + "-s" + seed;
                Batch batch = batch(source, ladder, base, budget, largest, runId);
                rungs.add(rung(source, ladder, base, budget, seed, runId, batch, List.of(), null));
            }
        }
        return rungs;
    }

    /**
     * The WSD form of a ladder ({@link LadderConfig.Wsd}): per shape, one stable run at the constant peak learning
     * rate, and per token budget D of that shape a branch, a WSD run of D tokens that starts from the stable run's
     * state at the step where its cooldown begins. Every branch and the stable run share the warmup of the shape's
     * smallest budget (in tokens), so their learning rates agree step by step up to the branch point.
     */
    private static List<Rung> wsdRungs(String source, LadderConfig ladder, RunConfig base, List<Budget> budgets,
                                       double largest, long seed) {
        List<Rung> rungs = new ArrayList<>();
        for (List<Budget> shapeBudgets : byShape(budgets).values()) {
            rungs.addAll(wsdShape(source, ladder, base, shapeBudgets, largest, seed, "", List.of(), null));
        }
        return rungs;
    }

    /** {@code budgets} grouped by shape name, in order of first appearance. */
    static Map<String, List<Budget>> byShape(List<Budget> budgets) {
        Map<String, List<Budget>> byShape = new LinkedHashMap<>();
        for (Budget b : budgets) byShape.computeIfAbsent(b.shape().name(), k -> new ArrayList<>()).add(b);
        return byShape;
    }

    /**
     * The WSD rungs of one shape's budgets: branches {@code <shape>-t<tokens><tag>-s<seed>} and their stable run
     * {@code <shape>-stable<tag>-s<seed>}, each with the overrides {@code more}; with a {@code teacher} every one of
     * them (the stable run too) is a distillation run of that teacher, so a branch continues the distillation its
     * stable run began. Budgets of equal tokens give one branch.
     */
    static List<Rung> wsdShape(String source, LadderConfig ladder, RunConfig base, List<Budget> shapeBudgets,
                               double largest, long seed, String tag, List<String> more, RunInfo.Parent teacher) {
        List<Rung> rungs = new ArrayList<>();
        Budget first = shapeBudgets.get(0);
        Budget smallest = shapeBudgets.stream().min(Comparator.comparingLong(Budget::tokens)).orElseThrow();
        long minTokens = smallest.tokens();
        // one batch for the stable run and all its branches: the rule's at the shape's smallest budget
        Batch batch = batch(source, ladder, base, smallest,
                largest, first.shape().name() + "-t" + compact(minTokens) + tag + "-s" + seed);
        List<String> shared = new ArrayList<>(List.of("optim.warmup=" + base.optim().warmupTokens(minTokens),
                "optim.decayFraction=" + ladder.wsd().cooldown()));
        shared.addAll(more);
        String stableId = first.shape().name() + "-stable" + tag + "-s" + seed;
        long stableSteps = 0;
        for (Budget budget : shapeBudgets) {
            String runId = first.shape().name() + "-t" + compact(budget.tokens()) + tag + "-s" + seed;
            if (rungs.stream().anyMatch(r -> r.runId().equals(runId))) continue;
            List<String> extra = new ArrayList<>(shared);
            extra.add("optim.schedule=WSD");
            Rung draft = rung(source, ladder, base, budget, seed, runId, batch, extra, null);
            RunConfig config = draft.runConfig(source);
            LrSchedule schedule = LrSchedule.of(config.optim(), config.steps(), config.tokensPerStep());
            long branchStep = schedule.decayStart();
            if (branchStep < 1) {
                throw InvalidInputException.outOfRange(source, "wsd.cooldown", ladder.wsd().cooldown(),
                        "a value that leaves rung " + runId + " (" + config.steps() + " steps) at least one"
                                + " step before its cooldown");
            }
            RunInfo.Parents parents = new RunInfo.Parents(teacher, null, stableId, branchStep,
                    branchStep * config.tokensPerStep());
            rungs.add(rung(source, ladder, base, budget, seed, runId, batch, extra, parents));
            stableSteps = Math.max(stableSteps, branchStep);
        }
        long tokensPerStep = (long) batch.size() * base.model().seqLen();
        List<String> extra = new ArrayList<>(shared);
        extra.add("optim.schedule=CONSTANT");
        Budget stable = new Budget(first.shape(), first.model(), stableSteps * tokensPerStep);
        rungs.add(rung(source, ladder, base, stable, seed, stableId, batch, extra,
                teacher == null ? null : new RunInfo.Parents(teacher, null)));
        return rungs;
    }

    /**
     * The stable-run steps that branches start from, for the stable run {@code runId} of {@code plan}: it keeps a
     * copy of its checkpoint at each (empty for a rung no branch starts from).
     */
    public static List<Long> branchSteps(Plan plan, String runId) {
        return plan.rungs().stream().map(Rung::parents)
                .filter(p -> p != null && runId.equals(p.stable()))
                .map(RunInfo.Parents::branchStep).distinct().sorted().toList();
    }


    /**
     * A shape with its token budget, before seeds.
     *
     * @param plannedFlops the IsoFLOP budget C, or Kaplan's 6N FLOPs per token × tokens for the other designs
     */
    record Budget(ShapeTable.Shape shape, ModelConfig model, long tokens, double plannedFlops) {

        Budget(ShapeTable.Shape shape, ModelConfig model, long tokens) {
            this(shape, model, tokens, FlopsCount.kaplan6N(model) * tokens);
        }
    }

    /**
     * A rung's batch: the budget rule's, cut to reach {@code minSteps} when it falls short of them.
     *
     * @param note null when the rule's batch is kept, else why it was cut
     */
    record Batch(int size, String note) { }

    private static List<Budget> budgets(String source, LadderConfig ladder, RunConfig base, int vocabSize) {
        List<Budget> budgets = new ArrayList<>();
        if (ladder.grid() != null) {
            LadderConfig.Grid grid = ladder.grid();
            for (String name : grid.shapes()) {
                ModelConfig model = model(source, "grid.shapes", name, base, vocabSize);
                if (grid.tokens() != null) {
                    for (long tokens : grid.tokens()) {
                        budgets.add(new Budget(shape(source, "grid.shapes", name), model, tokens));
                    }
                } else {
                    long total = ParamCount.of(model).total();
                    for (double ratio : grid.tokensPerParam()) {
                        budgets.add(new Budget(shape(source, "grid.shapes", name), model, Math.round(ratio * total)));
                    }
                }
            }
        } else if (ladder.isoflop() != null) {
            for (double flops : ladder.isoflop().flops()) {
                for (String name : ladder.isoflop().shapes()) {
                    ModelConfig model = model(source, "isoflop.shapes", name, base, vocabSize);
                    budgets.add(new Budget(shape(source, "isoflop.shapes", name), model,
                            Math.round(flops / FlopsCount.kaplan6N(model)), flops));
                }
            }
        } else {
            for (LadderConfig.RungSpec spec : ladder.rungs()) {
                ModelConfig model = model(source, "rungs.shape", spec.shape(), base, vocabSize);
                budgets.add(new Budget(shape(source, "rungs.shape", spec.shape()), model, spec.tokens()));
            }
        }
        return budgets;
    }

    static Rung rung(String source, LadderConfig ladder, RunConfig base, Budget budget, long seed,
                             String runId, Batch batch, List<String> extra, RunInfo.Parents parents) {
        ShapeTable.Shape shape = budget.shape();
        double lr = ladder.lr() == null ? base.optim().lr() : ladder.lr().lrFor(shape.dModel());
        List<String> overrides = new ArrayList<>(List.of(
                "runId=" + runId,
                "seed=" + seed,
                "model.nLayer=" + shape.nLayer(),
                "model.dModel=" + shape.dModel(),
                "model.nHead=" + shape.nHead(),
                "train.tokens=" + budget.tokens(),
                "train.batchSize=" + batch.size(),
                "optim.lr=" + lr));
        overrides.addAll(extra);
        RunConfig config;
        try {
            config = ConfigLoader.load(source + ": run", ladder.run(), overrides);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": rung " + runId + " cannot run: " + e.getMessage(), e);
        }
        ModelConfig model = budget.model();
        double flops = FlopsCount.kaplan6N(model) * budget.tokens();
        JsonNode json = ConfigLoader.toJson(config);
        return new Rung(-1, runId, shape.name(), model, ParamCount.of(model).toRunInfo(), budget.tokens(), flops, lr,
                seed, json, batch.size(), budget.plannedFlops(), batch.note(), parents);
    }

    /**
     * The budget rule's batch {@code base · (C / C_max)^e}, or the largest batch that still gives {@code minSteps}
     * steps when the rule's gives fewer; refused when even one sequence per step gives fewer.
     */
    static Batch batch(String source, LadderConfig ladder, RunConfig base, Budget budget, double largest,
                               String runId) {
        int configured = base.train().batchSize();
        long seqLen = base.model().seqLen();
        int rule = (int) Math.max(1, Math.round(configured
                * Math.pow(budget.plannedFlops() / largest, ladder.batchExponent())));
        long minSteps = ladder.minSteps();
        long stepsAtOne = budget.tokens() / seqLen;
        if (stepsAtOne < minSteps) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s: rung %s has %,d tokens, %,d optimizer"
                    + " steps even at 1 sequence of %d tokens per step, fewer than minSteps = %d; allowed: a budget of"
                    + " at least %,d tokens for this rung (minSteps × model.seqLen), or a lower minSteps", source, runId,
                    budget.tokens(), stepsAtOne, seqLen, minSteps, minSteps * seqLen));
        }
        long ruleSteps = budget.tokens() / (rule * seqLen);
        if (ruleSteps >= minSteps) return new Batch(rule, null);
        int cut = (int) (budget.tokens() / (minSteps * seqLen));
        return new Batch(cut, String.format(Locale.ROOT, "batch %d (budget rule) gives %d steps < minSteps = %d; cut"
                + " to %d for %d steps", rule, ruleSteps, minSteps, cut, budget.tokens() / (cut * seqLen)));
    }

    static ShapeTable.Shape shape(String source, String field, String name) {
        return ShapeTable.parse(source, field, name);
    }

    static ModelConfig model(String source, String field, String name, RunConfig base, int vocabSize) {
        ShapeTable.Shape s = shape(source, field, name);
        try {
            return new ModelConfig(s.nLayer(), s.nHead(), s.dModel(), base.model().seqLen(), vocabSize,
                    base.model().tiedEmbeddings());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + field + " = \"" + name + "\": " + e.getMessage(), e);
        }
    }

    /**
     * 2000000 → "2M", 150000 → "150k", 1234567 → "1.23M", 999936 → "1M": three significant digits, short and unique
     * enough for run ids.
     */
    public static String compact(long tokens) {
        double rounded = Double.parseDouble(String.format(Locale.ROOT, "%.3g", (double) tokens));
        if (rounded >= 1e9) return trim(rounded / 1e9) + "G";
        if (rounded >= 1e6) return trim(rounded / 1e6) + "M";
        if (rounded >= 1e3) return trim(rounded / 1e3) + "k";
        return Long.toString(tokens);
    }

    private static String trim(double value) {
        String s = String.format(Locale.ROOT, "%.3g", value);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
