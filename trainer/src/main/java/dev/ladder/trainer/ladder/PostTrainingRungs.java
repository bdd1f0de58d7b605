package dev.ladder.trainer.ladder;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.corpus.Corpora;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.trainer.config.LadderConfig;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.model.ModelConfig;
import dev.ladder.trainer.model.ParamCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans the post-training forms of a ladder, whose rungs depend on other rungs of the same ladder:
 * <ul>
 *   <li>{@code distillation}: teachers {@code <shape>-t<tokens>-s<seed>} on the ladder's corpus; supervised controls
 *       of every student shape and budget, and the form's further {@code supervised} runs, named the same way (a run
 *       that is both is one rung); and
 *       students {@code <shape>-t<tokens>-kd-<teacher shape>-t<teacher tokens>-s<seed>}, one per teacher, each
 *       naming its teacher as {@code parents.teacher};</li>
 *   <li>{@code finetuning}: pretrained runs {@code <shape>-t<tokens>-s<seed>} on the ladder's corpus; fine-tuned
 *       runs {@code <shape>-t<pre-training tokens>-ft-t<fine-tuning tokens>-s<seed>} on the target corpus, each
 *       naming its pretrained run as {@code parents.pretrained}; and from-scratch controls
 *       {@code <shape>-scratch-t<tokens>-s<seed>} on the target.</li>
 * </ul>
 * A parent is named by run id only: {@code ladder train --plan} resolves it to its run directory in the same
 * ladder folder when the rung trains. Each rung's batch follows the ladder's batch rule over all its rungs' own
 * training budgets (a student's teacher inference is not part of its budget).
 */
final class PostTrainingRungs {

    private PostTrainingRungs() {
    }

    /** A rung before its batch is sized: budget, seed, run id, config overrides and parents. */
    private record Draft(Planner.Budget budget, long seed, String runId, List<String> extra, RunInfo.Parents parents) {
    }

    static List<Rung> rungs(String source, LadderConfig ladder, RunConfig base, int vocabSize) {
        if (base.distill().teacher() != null) {
            throw InvalidInputException.notAllowed(source, "run.distill.teacher", base.distill().teacher(),
                    "none in a distillation or finetuning ladder (the ladder names each rung's parents)");
        }
        if (base.init().pretrained() != null) {
            throw InvalidInputException.notAllowed(source, "run.init.pretrained", base.init().pretrained(),
                    "none in a distillation or finetuning ladder (the ladder names each rung's parents)");
        }
        if (ladder.distillation() != null && ladder.wsd() != null) return wsdDistillation(source, ladder, base, vocabSize);
        Map<String, Draft> drafts = new LinkedHashMap<>();
        for (long seed : ladder.seeds()) {
            List<Draft> seeded = ladder.distillation() != null
                    ? distillation(source, ladder, base, vocabSize, seed)
                    : finetuning(source, ladder, base, vocabSize, seed);
            for (Draft d : seeded) drafts.putIfAbsent(d.runId(), d);
        }
        double largest = drafts.values().stream().mapToDouble(d -> d.budget().plannedFlops()).max().orElseThrow();
        List<Rung> rungs = new ArrayList<>();
        for (Draft d : drafts.values()) {
            Planner.Batch batch = Planner.batch(source, ladder, base, d.budget(), largest, d.runId());
            rungs.add(Planner.rung(source, ladder, base, d.budget(), d.seed(), d.runId(), batch, d.extra(),
                    d.parents()));
        }
        return rungs;
    }

    private static List<Draft> distillation(String source, LadderConfig ladder, RunConfig base, int vocabSize,
                                            long seed) {
        LadderConfig.Distillation form = ladder.distillation();
        List<Draft> teachers = plain(source, "distillation.teachers", form.teachers(), base, vocabSize, seed);
        List<Draft> drafts = new ArrayList<>(teachers);
        List<Draft> controls = plain(source, "distillation.students", form.students(), base, vocabSize, seed);
        drafts.addAll(controls);
        if (form.supervised() != null) {
            drafts.addAll(plain(source, "distillation.supervised", form.supervised(), base, vocabSize, seed));
        }
        for (Draft control : controls) {
            for (Draft teacher : teachers) {
                String runId = stem(control.budget()) + "-kd-" + stem(teacher.budget()) + "-s" + seed;
                drafts.add(new Draft(control.budget(), seed, runId, mix(form),
                        new RunInfo.Parents(teacherParent(ladder, teacher), null)));
            }
        }
        return drafts;
    }

    /**
     * The distillation form with {@code wsd}: the teachers and the supervised controls are WSD branches of one stable
     * run per shape (a control equal to a teacher is one rung), and per teacher each student shape is a stable
     * distillation run {@code <shape>-stable-kd-<teacher>-s<seed>} with a branch per student budget, so a student
     * shape gets all its budgets from one run per teacher. Names of teachers, controls and students are those of the
     * form without wsd. Batches follow the ladder's rule over every rung's budget, as in the plain form.
     */
    private static List<Rung> wsdDistillation(String source, LadderConfig ladder, RunConfig base, int vocabSize) {
        LadderConfig.Distillation form = ladder.distillation();
        List<Rung> rungs = new ArrayList<>();
        for (long seed : ladder.seeds()) {
            List<Draft> teachers = plain(source, "distillation.teachers", form.teachers(), base, vocabSize, seed);
            List<Draft> controls = plain(source, "distillation.students", form.students(), base, vocabSize, seed);
            List<Planner.Budget> supervised = new ArrayList<>();
            for (Draft d : teachers) supervised.add(d.budget());
            for (Draft d : controls) supervised.add(d.budget());
            if (form.supervised() != null) {
                for (Draft d : plain(source, "distillation.supervised", form.supervised(), base, vocabSize, seed)) {
                    supervised.add(d.budget());
                }
            }
            List<Planner.Budget> students = controls.stream().map(Draft::budget).toList();
            double largest = supervised.stream().mapToDouble(Planner.Budget::plannedFlops).max().orElseThrow();
            for (List<Planner.Budget> shape : Planner.byShape(supervised).values()) {
                rungs.addAll(Planner.wsdShape(source, ladder, base, shape, largest, seed, "", List.of(), null));
            }
            for (Draft teacher : teachers) {
                for (List<Planner.Budget> shape : Planner.byShape(students).values()) {
                    rungs.addAll(Planner.wsdShape(source, ladder, base, shape, largest, seed,
                            "-kd-" + stem(teacher.budget()), mix(form), teacherParent(ladder, teacher)));
                }
            }
        }
        return rungs;
    }

    /** The run-config overrides that make a student distil: the form's loss mix. */
    private static List<String> mix(LadderConfig.Distillation form) {
        return List.of("distill.lambda=" + form.lambda(), "distill.temperature=" + form.temperature());
    }

    /** A student's {@code parents.teacher} as the plan records it: the teacher's run id, ladder and N. */
    private static RunInfo.Parent teacherParent(LadderConfig ladder, Draft teacher) {
        return new RunInfo.Parent(teacher.runId(), ladder.name(), null,
                ParamCount.of(teacher.budget().model()).nonEmbedding(), null);
    }

    private static List<Draft> finetuning(String source, LadderConfig ladder, RunConfig base, int vocabSize,
                                          long seed) {
        LadderConfig.Finetuning form = ladder.finetuning();
        try {
            Corpora.checkSpec(form.target());
        } catch (InvalidInputException e) {
            throw InvalidInputException.notAllowed(source, "finetuning.target", form.target(),
                    e.getMessage().replaceFirst("^corpus spec: ", ""));
        }
        List<String> onTarget = List.of("data.corpus=" + form.target());
        List<Draft> pretrained = plain(source, "finetuning.pretrained", form.pretrained(), base, vocabSize, seed);
        List<Draft> drafts = new ArrayList<>(pretrained);
        for (Draft parent : pretrained) {
            RunInfo.Parent named = new RunInfo.Parent(parent.runId(), ladder.name(), null,
                    ParamCount.of(parent.budget().model()).nonEmbedding(), null);
            for (long tokens : form.tokens()) {
                Planner.Budget budget = new Planner.Budget(parent.budget().shape(), parent.budget().model(), tokens);
                String runId = stem(parent.budget()) + "-ft-t" + Planner.compact(tokens) + "-s" + seed;
                drafts.add(new Draft(budget, seed, runId, onTarget, new RunInfo.Parents(null, named)));
            }
        }
        Map<String, Planner.Budget> shapes = new LinkedHashMap<>();
        for (Draft parent : pretrained) shapes.putIfAbsent(parent.budget().shape().name(), parent.budget());
        for (Planner.Budget shape : shapes.values()) {
            for (long tokens : form.scratchTokens()) {
                Planner.Budget budget = new Planner.Budget(shape.shape(), shape.model(), tokens);
                String runId = shape.shape().name() + "-scratch-t" + Planner.compact(tokens) + "-s" + seed;
                drafts.add(new Draft(budget, seed, runId, onTarget, null));
            }
        }
        return drafts;
    }

    /** Every shape x budget of {@code part} (config key {@code key}), trained on the ladder's own corpus. */
    private static List<Draft> plain(String source, String key, LadderConfig.ShapesTokens part, RunConfig base,
                                     int vocabSize, long seed) {
        List<Draft> drafts = new ArrayList<>();
        for (String name : part.shapes()) {
            ShapeTable.Shape shape = Planner.shape(source, key + ".shapes", name);
            ModelConfig model = Planner.model(source, key + ".shapes", name, base, vocabSize);
            for (long tokens : part.tokens()) {
                Planner.Budget budget = new Planner.Budget(shape, model, tokens);
                drafts.add(new Draft(budget, seed, stem(budget) + "-s" + seed, List.of(), null));
            }
        }
        return drafts;
    }

    /** {@code <shape>-t<tokens>}, e.g. "25k-t655k". */
    private static String stem(Planner.Budget budget) {
        return budget.shape().name() + "-t" + Planner.compact(budget.tokens());
    }
}
