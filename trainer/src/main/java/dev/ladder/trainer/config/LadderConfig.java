package dev.ladder.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.InvalidInputException;
import java.util.List;

/**
 * A ladder: a set of model shapes times token budgets, trained with one shared run config. Exactly one of
 * {@code grid}, {@code isoflop}, {@code rungs}, {@code distillation} and {@code finetuning} says which runs to make;
 * README §Ladder configs lists every key.
 *
 * @param description free text saying what the ladder is for and its 6·N·D arithmetic
 * @param name        the ladder's name: runs go to {@code <out>/<name>/<runId>/}
 * @param run         a run config (same keys as {@code ladder train} configs) shared by every rung; each rung sets
 *                    its own model shape, token budget, learning rate and seed on top of it
 * @param grid        shapes × token budgets
 * @param isoflop     for each FLOP budget, every shape with tokens = flops / flopsPerToken(shape)
 * @param rungs       an explicit list of (shape, tokens)
 * @param lr          per-rung learning-rate rule; null keeps {@code run.optim.lr} for every rung
 * @param seeds       one run per seed per rung (default [1])
 * @param minSteps    the fewest optimizer steps a rung may have; a rung short of them gets a smaller batch, and one
 *                    that would need less than one sequence per step is refused (default {@value #DEFAULT_MIN_STEPS})
 * @param batchExponent e in batch(C) = run.train.batchSize · (C / C_max)^e, the batch of a rung with planned budget C
 *                    when the ladder's largest is C_max; 0 keeps run.train.batchSize (default
 *                    {@value #DEFAULT_BATCH_EXPONENT}, DeepSeek LLM's B_opt ∝ C^0.3271, see Planner)
 * @param wsd         WSD branches: the rungs of each shape and seed become cooldown branches of one stable run;
 *                    null trains every rung on its own
 * @param distillation teachers trained first, then students distilled from each, plus supervised controls
 * @param finetuning  pretrained runs, each fine-tuned on a target corpus for several budgets, plus from-scratch
 *                    controls on the target
 */
public record LadderConfig(String description, String name, JsonNode run, Grid grid, IsoFlop isoflop,
                           List<RungSpec> rungs, LrRule lr, List<Long> seeds, Integer minSteps,
                           Double batchExponent, Wsd wsd, Distillation distillation, Finetuning finetuning) {

    /** About 200 optimizer steps: fewer and a rung's loss says more about its step count than its size (issue 10). */
    public static final int DEFAULT_MIN_STEPS = 200;
    /** DeepSeek-AI 2024 (arXiv:2401.02954, §3.1): B_opt = 0.2920·C^0.3271 tokens; only the exponent is used. */
    public static final double DEFAULT_BATCH_EXPONENT = 0.3271;

    public LadderConfig {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw InvalidInputException.notAllowed(null, "name", name, "letters, digits, '.', '_' and '-'");
        }
        int designs = (grid != null ? 1 : 0) + (isoflop != null ? 1 : 0) + (rungs != null ? 1 : 0)
                + (distillation != null ? 1 : 0) + (finetuning != null ? 1 : 0);
        if (designs != 1) {
            throw new InvalidInputException("exactly one of grid, isoflop, rungs, distillation and finetuning must be"
                    + " given; found " + designs);
        }
        if (wsd != null && finetuning != null) {
            throw InvalidInputException.notAllowed(null, "wsd", "{...}", "no wsd with finetuning (leave wsd out)");
        }
        if (rungs != null && rungs.isEmpty()) {
            throw InvalidInputException.outOfRange(null, "rungs", "[]", "one or more");
        }
        if (seeds != null && (seeds.isEmpty() || seeds.stream().anyMatch(s -> s == null || s < 0)
                || seeds.stream().distinct().count() < seeds.size())) {
            throw InvalidInputException.outOfRange(null, "seeds", seeds,
                    "one or more distinct seeds >= 0, e.g. [1, 2, 3] (leave seeds out for [1])");
        }
        seeds = seeds == null ? List.of(1L) : List.copyOf(seeds);
        if (minSteps == null) minSteps = DEFAULT_MIN_STEPS;
        if (minSteps < 1) throw InvalidInputException.outOfRange(null, "minSteps", minSteps, ">= 1");
        if (batchExponent == null) batchExponent = DEFAULT_BATCH_EXPONENT;
        if (!(batchExponent >= 0 && batchExponent <= 1)) {
            throw InvalidInputException.outOfRange(null, "batchExponent", batchExponent, "[0, 1]");
        }
        rungs = rungs == null ? null : List.copyOf(rungs);
    }

    /** This ladder with every rung trained once per seed of {@code newSeeds} instead (e.g. from {@code --seeds}). */
    public LadderConfig withSeeds(List<Long> newSeeds) {
        return new LadderConfig(description, name, run, grid, isoflop, rungs, lr, newSeeds, minSteps, batchExponent,
                wsd, distillation, finetuning);
    }

    /**
     * Every shape trained for every token budget, given either absolutely or per parameter (total parameters, as
     * Chinchilla counts them: 20 tokens per parameter is compute-optimal there).
     */
    public record Grid(List<String> shapes, List<Long> tokens, List<Double> tokensPerParam) {
        public Grid {
            if (shapes == null || shapes.isEmpty()) {
                throw InvalidInputException.outOfRange(null, "grid.shapes", shapes, "one or more shapes");
            }
            if ((tokens == null) == (tokensPerParam == null)) {
                throw new InvalidInputException("grid: give exactly one of grid.tokens and grid.tokensPerParam");
            }
            shapes = List.copyOf(shapes);
            tokens = tokens == null ? null : List.copyOf(tokens);
            tokensPerParam = tokensPerParam == null ? null : List.copyOf(tokensPerParam);
        }
    }

    /**
     * IsoFLOP design: for each budget C (FLOPs, Kaplan's 6N convention as logged), each shape trains
     * C / flopsPerToken tokens.
     */
    public record IsoFlop(List<Double> flops, List<String> shapes) {
        public IsoFlop {
            if (flops == null || flops.isEmpty()) {
                throw InvalidInputException.outOfRange(null, "isoflop.flops", flops, "one or more budgets");
            }
            if (shapes == null || shapes.size() < 3) {
                throw InvalidInputException.outOfRange(null, "isoflop.shapes", shapes,
                        "three or more shapes (a parabola per budget needs three points)");
            }
            flops = List.copyOf(flops);
            shapes = List.copyOf(shapes);
        }
    }

    /**
     * WSD branches (Hägele et al. 2024, "Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations"):
     * for each shape and seed, one "stable" run trains through warmup at the constant peak learning rate, and each
     * token budget D the design gives that shape becomes a branch that starts from the stable run's state at
     * (1 - cooldown)·D and decays the learning rate linearly to the minimum over the last cooldown·D tokens.
     *
     * @param cooldown share of each branch's tokens spent in the cooldown, in (0, 1) (Hägele et al. find 0.1-0.2
     *                 matches a cosine run of the same length)
     */
    public record Wsd(double cooldown) {
        public Wsd {
            if (!(cooldown > 0 && cooldown < 1)) {
                throw InvalidInputException.outOfRange(null, "wsd.cooldown", cooldown, "(0, 1), e.g. 0.2");
            }
        }
    }

    /** One explicit rung: a shape and its token budget. */
    public record RungSpec(String shape, long tokens) { }

    /**
     * Learning rate per rung: {@code lr = base · (dModel / baseWidth)^-exponent}, at most {@code max} when given.
     * Exponent 0 keeps {@code base} for every width; 1 scales it as 1/width (the muP-style rule for hidden matrices).
     * The cap keeps the narrowest shapes of a steep rule trainable (exponent 2 gives a width-8 model 16 x base).
     */
    public record LrRule(double base, int baseWidth, double exponent, Double max) {
        public LrRule {
            if (!(base > 0 && base < 10)) throw InvalidInputException.outOfRange(null, "lr.base", base, "(0, 10)");
            if (baseWidth < 1) throw InvalidInputException.outOfRange(null, "lr.baseWidth", baseWidth, ">= 1");
            if (!(exponent >= 0 && exponent <= 2)) {
                throw InvalidInputException.outOfRange(null, "lr.exponent", exponent, "[0, 2]");
            }
            if (max != null && !(max > 0 && max < 10)) {
                throw InvalidInputException.outOfRange(null, "lr.max", max, "(0, 10), or leave it out");
            }
        }

        public double lrFor(int dModel) {
            double lr = base * Math.pow((double) dModel / baseWidth, -exponent);
            return max == null ? lr : Math.min(lr, max);
        }
    }

    /**
     * Model shapes times token budgets, a part of the {@code distillation} and {@code finetuning} forms; the form
     * checks it, naming its own key.
     */
    public record ShapesTokens(List<String> shapes, List<Long> tokens) {

        public ShapesTokens {
            shapes = shapes == null ? null : List.copyOf(shapes);
            tokens = tokens == null ? null : List.copyOf(tokens);
        }

        private void check(String key) {
            if (shapes == null || shapes.isEmpty()) {
                throw InvalidInputException.outOfRange(null, key + ".shapes", shapes, "one or more shapes");
            }
            checkTokens(key + ".tokens", tokens);
        }
    }

    private static InvalidInputException missing(String key) {
        return new InvalidInputException(key + " is missing; allowed: {\"shapes\": [...], \"tokens\": [...]}");
    }

    private static void checkTokens(String key, List<Long> tokens) {
        if (tokens == null || tokens.isEmpty() || tokens.stream().anyMatch(t -> t == null || t < 1)) {
            throw InvalidInputException.outOfRange(null, key, tokens, "one or more token budgets > 0");
        }
    }

    /**
     * The distillation form (Busbridge et al. 2025, "Distillation Scaling Laws", arXiv:2502.08606): every teacher
     * shape x budget is trained on the ladder's corpus first; every student shape x budget is then distilled from
     * each teacher (run.json {@code parents.teacher}) and also trained on the data alone (the supervised control that
     * the student's supervised law needs).
     *
     * @param teachers    teacher shapes x token budgets
     * @param students    student shapes x distillation token budgets
     * @param lambda      weight λ of the distillation term, in [0, 1] (default 1: pure distillation)
     * @param temperature temperature τ, in (0, 100] (default 1)
     * @param supervised  optional further shapes x budgets trained on the data alone, for the students' supervised
     *                    law (Eq. 1) beside the teachers and controls: more sizes than the students and teachers have
     *                    pin it down without distilling from more teachers; null for none
     */
    public record Distillation(ShapesTokens teachers, ShapesTokens students, Double lambda, Double temperature,
                               ShapesTokens supervised) {

        public Distillation {
            if (teachers == null) throw missing("distillation.teachers");
            if (students == null) throw missing("distillation.students");
            teachers.check("distillation.teachers");
            students.check("distillation.students");
            if (supervised != null) supervised.check("distillation.supervised");
            if (lambda == null) lambda = 1.0;
            if (!(lambda >= 0 && lambda <= 1)) {
                throw InvalidInputException.outOfRange(null, "distillation.lambda", lambda, "[0, 1]");
            }
            if (temperature == null) temperature = 1.0;
            if (!(temperature > 0 && temperature <= 100)) {
                throw InvalidInputException.outOfRange(null, "distillation.temperature", temperature, "(0, 100]");
            }
        }
    }

    /**
     * The fine-tuning form (Zhang et al. 2024, Hernandez et al. 2021): every pretrained shape x budget is trained on
     * the ladder's corpus, then fine-tuned on {@code target} for each of {@code tokens} (run.json
     * {@code parents.pretrained}); each pretrained shape is also trained from scratch on the target for each of
     * {@code scratchTokens}, the curve transfer's effective data D_E is read from.
     *
     * @param pretrained    pretrained shapes x pre-training token budgets
     * @param target        the corpus spec fine-tuned on, e.g. {@code synthetic:default?redraw=0.3}
     * @param tokens        fine-tuning token budgets D_f
     * @param scratchTokens from-scratch budgets on the target; the largest must exceed the largest fine-tuning budget
     */
    public record Finetuning(ShapesTokens pretrained, String target, List<Long> tokens, List<Long> scratchTokens) {

        public Finetuning {
            if (pretrained == null) throw missing("finetuning.pretrained");
            pretrained.check("finetuning.pretrained");
            if (target == null || target.isBlank()) {
                throw InvalidInputException.notAllowed(null, "finetuning.target", target,
                        "a corpus spec, e.g. \"synthetic:default?redraw=0.3\"");
            }
            checkTokens("finetuning.tokens", tokens);
            checkTokens("finetuning.scratchTokens", scratchTokens);
            long largestTuned = tokens.stream().mapToLong(Long::longValue).max().orElseThrow();
            long largestScratch = scratchTokens.stream().mapToLong(Long::longValue).max().orElseThrow();
            if (largestScratch <= largestTuned) {
                throw InvalidInputException.outOfRange(null, "finetuning.scratchTokens", scratchTokens,
                        "a largest budget above the largest finetuning.tokens (" + largestTuned + "), so that the"
                                + " from-scratch curve reaches the fine-tuned losses");
            }
            tokens = List.copyOf(tokens);
            scratchTokens = List.copyOf(scratchTokens);
        }
    }
}
