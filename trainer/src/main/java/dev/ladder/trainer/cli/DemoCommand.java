package dev.ladder.trainer.cli;

import dev.ladder.analysis.cli.LawChoice;
import dev.ladder.analysis.fit.Bootstrap;
import dev.ladder.analysis.fit.Budgets;
import dev.ladder.analysis.fit.ChinchillaLaw;
import dev.ladder.analysis.fit.FitData;
import dev.ladder.analysis.fit.FitPipeline;
import dev.ladder.analysis.fit.FitResult;
import dev.ladder.analysis.fit.FloorComparison;
import dev.ladder.analysis.fit.FlopCount;
import dev.ladder.analysis.fit.Holdout;
import dev.ladder.analysis.fit.ParamCount;
import dev.ladder.analysis.fit.ScalingLaw;
import dev.ladder.analysis.fit.SeedSpread;
import dev.ladder.analysis.fit.SizeMisfit;
import dev.ladder.analysis.fit.SupervisedLaw;
import dev.ladder.analysis.report.LadderReport;
import dev.ladder.analysis.report.ReportSettings;
import dev.ladder.analysis.run.RunData;
import dev.ladder.analysis.run.RunReader;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.cli.CacheDirOption;
import dev.ladder.data.cli.OutputPaths;
import dev.ladder.data.runlog.RunInfo;
import dev.ladder.trainer.ladder.LadderRunner;
import dev.ladder.trainer.ladder.Planner;
import dev.ladder.trainer.ladder.Rung;
import dev.ladder.trainer.ladder.RungStatus.State;
import dev.ladder.trainer.train.StopSignal;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ladder demo}: the whole loop on the embedded default: trains the classroom ladder on the synthetic corpus,
 * fits the laws, writes the report and prints the headline numbers against the corpus's context floor and entropy
 * rate.
 * {@code ladder demo distillation} and {@code ladder demo finetune} do the same with the post-training classroom
 * ladders (configs/distill-classroom.json, configs/finetune-classroom.json) and their laws.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Train the classroom ladder on the synthetic corpus, fit the laws, write the report (minutes).",
        description = {"", "Runs `ladder run configs/classroom-fanin.json` with one seed per worker (2 to 8), then"
                + " `ladder report` on its runs, and prints"
                + " alpha, beta and E next to the synthetic corpus's context floor (the lowest loss a model with the"
                + " ladder's context can reach, which E estimates) and its entropy rate, then the law's misfit size"
                + " by size and budget, Busbridge et al. 2025's Eq. 1 on the same runs (approach 3 with its sum raised"
                + " to a power gamma: whether gamma's interval holds 1 tests the additive form) and, with several"
                + " seeds, each seed's own fit and which size's seed noise moves it most. A second run reuses the"
                + " finished runs and only refits (seconds); it fits the runs of its own seeds only, and says so when"
                + " the folder holds others. Ctrl-C stops with checkpoints; run it again to go on.",
            "`ladder demo distillation` trains configs/distill-classroom.json (teachers, students distilled from each,"
                + " supervised controls) and fits the distillation law; `ladder demo finetune` trains"
                + " configs/finetune-classroom.json (pretrained runs fine-tuned on a related corpus, from-scratch"
                + " controls) and fits the fine-tuning and transfer laws.", ""})
public final class DemoCommand implements Callable<Integer> {

    /** The post-training demos; none is the pre-training demo. */
    enum Kind { distillation, finetune }

    @Parameters(index = "0", arity = "0..1", paramLabel = "KIND",
            description = "distillation or finetune; leave out for the pre-training demo.")
    Kind kind;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Ladder config (default: configs/classroom-fanin.json of this checkout, with one seed per"
                    + " worker, 2 to 8).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Runs folder (default: runs).")
    Path out;

    @Option(names = "--workers", paramLabel = "N",
            description = "Rungs trained at once, one thread each (default: the number of cores).")
    Integer workers;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "1000",
            description = "Bootstrap resamples for the intervals (default: 1000).")
    int bootstrap;

    @Mixin
    SeedsOption seedsOption;

    @Mixin
    CacheDirOption cacheOption;

    @Override
    public Integer call() {
        if (workers != null && workers < 1) {
            throw InvalidInputException.outOfRange("command line", "--workers", workers, ">= 1");
        }
        if (bootstrap < 0) throw InvalidInputException.outOfRange("command line", "--bootstrap", bootstrap, ">= 0");
        List<Long> seeds = seedsOption.seeds();
        OutputPaths.folder("command line: --out", out);
        Path ladderConfig = config != null ? config : defaultConfig(kind == null ? "classroom-fanin.json"
                : kind == Kind.distillation ? "distill-classroom.json" : "finetune-classroom.json");
        PrintStream console = System.out;
        console.println("demo: training the ladder " + ladderConfig + " (Ctrl-C stops; run again to carry on)");
        if (seeds == null && config == null && kind == null) {
            int n = workers != null ? workers : Runtime.getRuntime().availableProcessors();
            seeds = defaultSeeds(n);
            console.println("demo: seeds " + seeds.stream().map(String::valueOf).collect(Collectors.joining(","))
                    + ", one per worker (" + MIN_SEEDS + " to " + MAX_SEEDS + "; --seeds chooses others): more cores"
                    + " train more seeds in about the same time, and each seed more narrows alpha's and beta's"
                    + " intervals (README: the demo)");
        }
        long started = System.nanoTime();
        LadderRunner.Trained trained;
        try (StopSignal stop = StopSignal.install(console)) {
            trained = LadderRunner.train(ladderConfig, seeds, out, cacheOption.resolve(),
                    workers, 1, stop, console);
        }
        if (!trained.finished()) {
            console.println("demo: not every rung finished; run `ladder demo" + (kind == null ? "" : " " + kind)
                    + "` again to carry on");
            return trained.outcome().count(State.FAILED) > 0 ? ExitCode.FAILURE : ExitCode.INTERRUPTED;
        }
        Path ladderDir = trained.ladderDir();
        long fitStarted = System.nanoTime();
        console.println("demo: training took " + duration(fitStarted - started) + "; fitting the laws (" + bootstrap
                + " bootstrap resamples) and writing the report...");
        System.setProperty("java.awt.headless", "true");
        List<RunData> runs = planned(RunReader.read(List.of(ladderDir)), trained, console);
        if (kind != null) {
            int code = postTraining(runs, ladderDir, console);
            done(started, fitStarted, console);
            return code;
        }
        // the classroom ladder is a grid fixed by design: resample residuals, not runs, and with several seeds each
        // size's seed offsets too (its WSD branches share one stable run, so they move together; README, Fitting)
        ReportSettings settings = new ReportSettings(ParamCount.total, FlopCount.kaplan, false, bootstrap,
                Bootstrap.Method.seeds, 0, 2, 0.95);
        LadderReport.Fitting fitting = LadderReport.fit(runs, settings, budgets -> {
            List<ScalingLaw> laws = new ArrayList<>(LawChoice.all.laws(budgets, null));
            laws.add(new SupervisedLaw(budgets));     // approach 3 with gamma: does the additive form hold?
            return laws;
        });
        LadderReport.Written written = LadderReport.write(fitting, ladderDir);
        console.println("report: " + written.html());
        Optional<FitPipeline.Fitted> chinchilla = fitting.input().law("chinchilla");
        headline(chinchilla.map(FitPipeline.Fitted::result), runs, console);
        Optional<SizeMisfit> misfit = chinchilla.flatMap(fitted -> misfit(fitted, fitting.input().data(), console));
        misfit.ifPresent(additive -> fitting.input().law("supervised").ifPresent(withGamma -> gamma(withGamma,
                additive, fitting.input().data(), runs, console)));
        chinchilla.ifPresent(fitted -> otherResamples(fitted, fitting.input().data(), console));
        seeds(runs, chinchilla.isPresent() ? fitting.input().data() : null, console);
        done(started, fitStarted, console);
        return ExitCode.OK;
    }

    /** The fewest and most seeds the pre-training demo trains by default ({@link #defaultSeeds}). */
    static final int MIN_SEEDS = 2;
    static final int MAX_SEEDS = 8;

    /**
     * The pre-training demo's seeds when neither --seeds nor --config is given: 1..n with one seed per worker, at least
     * {@link #MIN_SEEDS} (the fewest a seed bootstrap can resample) and at most {@link #MAX_SEEDS}. A seed's rungs
     * spread over the workers, so n seeds on n workers take about the time of 2 on 2; on the classroom ladder 6 seeds
     * narrowed alpha's interval to ±0.13 and beta's to ±0.11, 2 seeds left them at about ±0.2 (README, the demo).
     */
    static List<Long> defaultSeeds(int workers) {
        int n = Math.max(MIN_SEEDS, Math.min(MAX_SEEDS, workers));
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    /** The demo's wall time, training and fitting apart (the README's demo times are these lines). */
    private static void done(long started, long fitStarted, PrintStream console) {
        long now = System.nanoTime();
        console.println("demo: done in " + duration(now - started) + " (training " + duration(fitStarted - started)
                + ", fits and report " + duration(now - fitStarted) + "; rungs finished by an earlier run are reused,"
                + " not retrained)");
    }

    /** A wall time as people say it: "48 s", "6 min 12 s". */
    static String duration(long nanos) {
        long seconds = Math.round(nanos / 1e9);
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    /**
     * Fits the post-training laws the runs call for (the report adds them from run.json's parents; the pre-training
     * laws are left out: a fine-tuning ladder mixes two corpora), writes the report and prints the headline.
     */
    private int postTraining(List<RunData> runs, Path ladderDir, PrintStream console) {
        // the fine-tuning ladder is a grid fixed by design (sizes x budgets): residuals. The distillation grid is
        // fixed too, but Eq. 8 misfit classroom-scale students by several percent in a structured way (two designs
        // measured, README), and residuals assume errors alike across runs: it keeps the more cautious runs
        Bootstrap.Method method = kind == Kind.finetune ? Bootstrap.Method.residuals : Bootstrap.Method.runs;
        ReportSettings settings = new ReportSettings(ParamCount.nonEmbedding, FlopCount.kaplan, false, bootstrap,
                method, 0, 0, 0.95);
        LadderReport.Fitting fitting = LadderReport.fit(runs, settings, budgets -> List.of());
        LadderReport.Written written = LadderReport.write(fitting, ladderDir);
        console.println("report: " + written.html());
        if (kind == Kind.distillation) PostTrainingHeadline.distillation(fitting.input(), runs, console);
        else PostTrainingHeadline.finetune(fitting.input(), runs, console);
        return ExitCode.OK;
    }

    /** alpha, beta and E with their intervals, and E beside the corpus's context floor and entropy rate. */
    private static void headline(Optional<FitResult> fit, List<RunData> runs, PrintStream console) {
        if (fit.isEmpty()) {
            console.println("approach 3 (L = E + A/N^alpha + B/D^beta) was not fitted; the report says why");
            return;
        }
        FitResult r = fit.get();
        console.println("approach 3, L(N, D) = E + A/N^alpha + B/D^beta, 95% bootstrap intervals ("
                + (r.bootstrapMethod() == null ? "no bootstrap" : r.bootstrapMethod().phrase()) + "):");
        for (String name : List.of("alpha", "beta", "E")) {
            console.println("  " + PostTrainingHeadline.estimate(r, name));
        }
        if (r.holdout() != null) {
            Holdout h = r.holdout();
            double worst = h.heldOut().stream().mapToDouble(run -> Math.abs(run.relativeError())).max().orElse(0);
            console.printf(Locale.ROOT, "  held out: the %d largest-compute runs, fitted without them and predicted:"
                    + " mean |error| %.2f%%, worst %.2f%%%n", h.heldOut().size(), 100 * h.meanAbsRelativeError(),
                    100 * worst);
        }
        Optional<RunInfo.CorpusInfo> corpus = runs.stream().map(run -> run.info().corpus())
                .filter(c -> c != null && c.entropyRate() != null).findFirst();
        if (corpus.isEmpty()) return;
        RunInfo.CorpusInfo c = corpus.get();
        console.printf(Locale.ROOT, "  true entropy rate of %s: %.4f ± %.4f nats/token (no model can beat it)%n",
                c.spec(), c.entropyRate(), c.entropyRateError() == null ? 0 : c.entropyRateError());
        FloorComparison.describe(runs, r).ifPresent(line -> console.println("  " + line));
        double best = runs.stream().flatMap(run -> run.finalEval().stream()).mapToDouble(e -> e.valLoss()).min()
                .orElse(Double.NaN);
        double[] e = r.intervals().get("E");
        boolean floorKnown = c.contextFloor() != null;
        if (e != null && !floorKnown && (c.entropyRate() < e[0] || c.entropyRate() > e[1])) {
            console.printf(Locale.ROOT, "  E misses it: the best run ends at %.4f nats/token, %.2f above the"
                    + " entropy rate, so these losses are still far from the floor and cannot pin E down; a bigger"
                    + " ladder (configs/isoflop-cpu.json, a GPU) gets closer%n", best, best - c.entropyRate());
        }
    }

    /** A misfit along D within a size, from its smallest budget to its largest, that the demo names. */
    private static final double TREND_NAMED = 0.005;

    /**
     * How the pooled law misses the runs, size by size and budget by budget ({@link SizeMisfit}), and which sizes'
     * misfit climbs or falls along D by {@link #TREND_NAMED} or more: those learn less or more per token than the
     * law's one B/D^beta allows, which is what an interval over this law's exponents cannot show. Returns the misfit
     * it printed; empty when the law predicts no losses or there are no final losses.
     */
    private static Optional<SizeMisfit> misfit(FitPipeline.Fitted fitted, FitData data, PrintStream console) {
        if (fitted.estimate().predictor().isEmpty() || data.finals().isEmpty()) return Optional.empty();
        SizeMisfit m = SizeMisfit.of(data.finals(), fitted.estimate().predictor().get());
        StringBuilder header = new StringBuilder("  the law's misfit by size (observed / predicted - 1, mean over seeds)"
                + " at");
        for (double d : m.tokens()) header.append(' ').append(Planner.compact(Math.round(d)));
        console.println(header.append(String.format(Locale.ROOT, " tokens; over all %d runs mean |misfit| %.2f%%,"
                + " worst %+.2f%% (%s):", data.finals().size(), 100 * m.meanAbs(), 100 * m.worst(), m.worstRunId())));
        List<String> named = new ArrayList<>();
        for (SizeMisfit.Size size : m.sizes()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "    N %-7s",
                    Planner.compact(Math.round(size.params()))));
            for (double cell : size.misfit()) {
                row.append(Double.isNaN(cell) ? "      -" : String.format(Locale.ROOT, " %+5.2f%%", 100 * cell));
            }
            console.println(row);
            if (Math.abs(size.trend()) >= TREND_NAMED) {
                named.add(String.format(Locale.ROOT, "N %s %s by %.1f points", Planner.compact(Math.round(
                        size.params())), size.trend() < 0 ? "falls" : "climbs", 100 * Math.abs(size.trend())));
            }
        }
        console.println(named.isEmpty()
                ? String.format(Locale.ROOT, "  no size's misfit moves along D by %.1f points or more: one B/D^beta"
                        + " fits every size", 100 * TREND_NAMED)
                : "  along D the misfit of " + String.join(", ", named) + ": a size whose misfit falls learns more per"
                        + " token than the law's one B/D^beta allows, one whose misfit climbs less (an N-D interaction"
                        + " the law has no term for, README: the demo)");
        return Optional.of(m);
    }

    /**
     * The same runs under Busbridge et al. 2025's Eq. 1, E + (A/N^alpha + B/D^beta)^gamma: approach 3 at gamma = 1,
     * and at any other gamma a law whose D-term depends on N. Whether gamma's interval holds 1 says whether these runs
     * reject the additive form; the law's misfit beside approach 3's ({@code additive}) says how much closer it
     * follows them.
     */
    private static void gamma(FitPipeline.Fitted withGamma, SizeMisfit additive, FitData data, List<RunData> runs,
                              PrintStream console) {
        if (withGamma.estimate().predictor().isEmpty()) return;
        FitResult r = withGamma.result();
        double misfit = SizeMisfit.of(data.finals(), withGamma.estimate().predictor().get()).meanAbs();
        double additiveMisfit = additive.meanAbs();
        console.println("  Busbridge et al. 2025's Eq. 1, " + r.formula() + ", on the same runs (approach 3 at gamma"
                + " = 1; at any other gamma the D-term depends on N):");
        StringBuilder line = new StringBuilder("   ");
        for (String name : List.of("alpha", "beta", "gamma", "E")) {
            line.append("  ").append(PostTrainingHeadline.estimate(r, name));
        }
        console.println(line);
        double[] g = r.intervals().get("gamma");
        String verdict = g == null ? "no interval for gamma (no bootstrap)"
                : g[0] > 1 || g[1] < 1 ? "gamma's interval excludes 1: these runs reject the additive form"
                : "gamma's interval holds 1: these runs do not reject the additive form";
        console.printf(Locale.ROOT, "    %s; mean |misfit| %.2f%% (approach 3: %.2f%%); its alpha and beta are not"
                + " approach 3's (the sum is raised to gamma)%n", verdict, 100 * misfit, 100 * additiveMisfit);
        FloorComparison.describe(runs, r).ifPresent(text -> console.println("    " + text));
    }

    /**
     * The same law's intervals by the other bootstraps, for comparison (the full fit is the one above: only the
     * resamples differ): over residuals alone, which scatters the seed offsets over single runs and so cannot see
     * them (printed when the headline resampled seeds), and over runs (a case bootstrap: a resample can lose a whole
     * row or column of the grid, which leaves E unidentified in that resample).
     */
    private void otherResamples(FitPipeline.Fitted fitted, FitData data, PrintStream console) {
        Bootstrap.Method used = fitted.result().bootstrapMethod();
        if (used == Bootstrap.Method.seeds) {
            console.println(intervals("  residuals alone (blind to the seed offsets):",
                    resample(fitted, data, Bootstrap.Method.residuals)));
        }
        if (used != Bootstrap.Method.runs) {
            console.println(intervals("  resampling runs instead (a resample may lose a whole row or column of the"
                    + " grid):", resample(fitted, data, Bootstrap.Method.runs)));
        }
    }

    private Bootstrap.Outcome resample(FitPipeline.Fitted fitted, FitData data, Bootstrap.Method method) {
        return Bootstrap.run(new ChinchillaLaw(Budgets.beyond(data)), data, fitted.estimate(), method, bootstrap, 0,
                0.95);
    }

    private static String intervals(String label, Bootstrap.Outcome outcome) {
        StringBuilder line = new StringBuilder(label);
        for (String name : List.of("alpha", "beta", "E")) {
            double[] ci = outcome.intervals().get(name);
            if (ci != null) line.append(String.format(Locale.ROOT, " %s [%.4g, %.4g]", name, ci[0], ci[1]));
        }
        return line.toString();
    }

    /**
     * With one seed, says that the intervals above do not hold seed-to-seed variation: on the classroom ladder a
     * second seed moved alpha by more than its interval's half-width (README), since a size's WSD branches share one
     * stable run and so move together; no bootstrap of one seed can see that. With several, fits approach 3 to each
     * seed's runs alone ({@code data}, the pooled fit's runs; null when approach 3 was not fitted) and prints the
     * estimates side by side: their spread is that variation, measured, which the seed bootstrap resamples.
     */
    private static void seeds(List<RunData> runs, FitData data, PrintStream console) {
        Set<Long> seeds = new TreeSet<>();
        for (RunData run : runs) seeds.add(run.info().seed());
        if (seeds.size() == 1) {
            boolean wsd = runs.stream().anyMatch(run -> run.info().parents() != null
                    && run.info().parents().stable() != null);
            console.println("  one seed (" + seeds.iterator().next() + "): no interval here holds seed-to-seed"
                    + " variation" + (wsd ? " (a size's WSD branches share one stable run, so its seed noise moves all"
                    + " its points together)" : "") + "; train it with --seeds 1,2 (or \"seeds\": [1, 2] in the config) to"
                    + " measure it (README, the demo)");
            return;
        }
        if (data == null) return;   // approach 3 was not fitted; the headline said so
        Optional<SeedSpread> where = SeedSpread.of(data, one -> new ChinchillaLaw(Budgets.beyond(one)).fit(one),
                List.of("alpha", "beta", "E"));
        if (where.isEmpty()) return;   // a run's seed is unknown: nothing to split by
        console.println("  each seed's runs fitted alone (point estimates; their spread is the seed-to-seed variation"
                + " that the seed bootstrap above resamples from these seeds):");
        List<String> names = where.get().names();
        double[][] range = new double[names.size()][];
        for (SeedSpread.SeedFit fit : where.get().fits()) {
            if (fit.values() == null) {
                console.println("    seed " + fit.seed() + ": not fitted: " + fit.refusal());
                continue;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    seed %d (%d runs):", fit.seed(),
                    fit.runs()));
            for (int k = 0; k < names.size(); k++) {
                double v = fit.values()[k];
                line.append(String.format(Locale.ROOT, " %s %.4g", names.get(k), v));
                range[k] = range[k] == null ? new double[] {v, v}
                        : new double[] {Math.min(range[k][0], v), Math.max(range[k][1], v)};
            }
            console.println(line);
        }
        StringBuilder spread = new StringBuilder("  spread across seeds (largest minus smallest):");
        for (int k = 0; k < names.size(); k++) {
            if (range[k] != null) {
                spread.append(String.format(Locale.ROOT, " %s %.3g", names.get(k), range[k][1] - range[k][0]));
            }
        }
        console.println(spread);
        if (!where.get().sizes().isEmpty()) whereSeedsDisagree(where.get(), console);
    }

    /**
     * Which size's seed noise moves the seeds' fits ({@link SeedSpread}): the sd of each parameter across the seeds'
     * own fits, as trained and with one size's losses replaced by their mean over the seeds.
     */
    private static void whereSeedsDisagree(SeedSpread where, PrintStream console) {
        console.println("  where the seeds disagree: the sd across the seeds' own fits, as trained and with one size's"
                + " losses replaced by their mean over the seeds at each budget (its seeds' luck taken out), and that"
                + " size's seed offsets (the sd across its seeds of their mean log deviation from that mean):");
        console.println("    as trained:" + sds(where.names(), where.asTrained()));
        SeedSpread.Size most = null;
        for (SeedSpread.Size size : where.sizes()) {
            console.println(String.format(Locale.ROOT, "    without N %s's luck:%s; its %d seeds' offsets sd %.2f%%",
                    Planner.compact(Math.round(size.params())), sds(where.names(), size.withoutItsLuck()),
                    size.seeds(), 100 * size.offsetSd()));
            if (most == null || size.withoutItsLuck()[0] < most.withoutItsLuck()[0]) most = size;
        }
        for (String refused : where.refused()) console.println("    not fitted: " + refused);
        if (most != null && most.withoutItsLuck()[0] < where.asTrained()[0]) {
            console.println(String.format(Locale.ROOT, "  %s's seed spread shrinks most without N %s's luck (%.3g to"
                    + " %.3g): that size's seed noise moves it most", where.names().get(0),
                    Planner.compact(Math.round(most.params())), where.asTrained()[0], most.withoutItsLuck()[0]));
        }
    }

    private static String sds(List<String> names, double[] sd) {
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            line.append(String.format(Locale.ROOT, " %s %.3g", names.get(k), sd[k]));
        }
        return line.toString();
    }

    /**
     * The runs of this demo's plan: a folder that also holds other seeds (an earlier `--seeds`) would otherwise fit
     * them too, under a headline that names this demo's seeds.
     */
    private static List<RunData> planned(List<RunData> all, LadderRunner.Trained trained, PrintStream console) {
        Set<String> ids = trained.plan().rungs().stream().map(Rung::runId).collect(Collectors.toSet());
        List<RunData> runs = all.stream().filter(run -> ids.contains(run.info().runId())).toList();
        if (runs.size() < all.size()) {
            Set<Long> others = new TreeSet<>();
            for (RunData run : all) {
                if (!ids.contains(run.info().runId())) others.add(run.info().seed());
            }
            console.println("demo: fitting this plan's " + runs.size() + " runs; " + (all.size() - runs.size())
                    + " other runs in " + trained.ladderDir() + " (seeds " + others.stream().map(String::valueOf)
                    .collect(Collectors.joining(",")) + ": another plan of this ladder, such as an earlier --seeds)"
                    + " are left out; --seeds naming their seeds fits them too");
        }
        return runs;
    }

    private static Path defaultConfig(String name) {
        Path file = Path.of(System.getProperty("ladder.home", ".")).resolve("configs").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": the classroom ladder config was not found; allowed: run"
                    + " ./ladder demo from the checkout, or give --config FILE");
        }
        return file;
    }
}
