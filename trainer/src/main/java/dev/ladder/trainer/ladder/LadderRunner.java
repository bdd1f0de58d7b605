package dev.ladder.trainer.ladder;

import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.train.ProgressLines;
import dev.ladder.trainer.train.RunLock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains every rung of a plan, cheapest first (see {@link #startLargestEarly}), {@code workers} at a time, each in
 * its own {@code ladder train --plan} process, so a crash of one rung cannot take down the others. Completed (and
 * diverged) rungs are skipped, interrupted ones resume from their checkpoints, and a rung whose process fails or
 * crashes is retried once. A rung starts only when every parent rung completed, and is blocked (not trained) when a
 * parent failed for good, diverged or was blocked itself. Rungs that another {@code ladder run} on this host is
 * training are left to it and waited for at the end. Each worker's output goes to {@code <runDir>/train.log}; the
 * console shows one bar for the whole ladder (FLOPs done, ETA) with each running rung's own progress beside it.
 *
 * <p>A worker stops (checkpoint, status interrupted) when its standard input closes: when this process asks it to,
 * and also when this process dies, however it dies.
 */
public final class LadderRunner {

    /** Exit code of a worker whose input was invalid: retrying cannot help. */
    private static final int INVALID_INPUT = 2;
    private static final long POLL_MILLIS = 500;

    private final Plan plan;
    private final Path planFile;
    private final Path out;
    private final int workers;
    private final int threadsPerWorker;
    private final Path cacheDir;
    private final JvmMemory.Corpus corpus;
    private final PrintStream console;

    /** How the ladder ended: the state of every rung after the run. */
    public record Outcome(Map<String, RungStatus.State> states) {

        public long count(RungStatus.State state) {
            return states.values().stream().filter(s -> s == state).count();
        }
    }

    /**
     * @param planFile         the plan as written to disk (workers read it)
     * @param out              the runs folder; the ladder trains into {@code out/<ladder>/}
     * @param threadsPerWorker CPU threads each worker may use (the same count reproduces the same losses)
     * @param cacheDir         the token cache folder the plan was made with; workers use it too
     * @param corpus           the size of the plan's corpus, for the workers' memory limits
     */
    public LadderRunner(Plan plan, Path planFile, Path out, int workers, int threadsPerWorker, Path cacheDir,
                        JvmMemory.Corpus corpus, PrintStream console) {
        this.plan = plan;
        this.planFile = planFile;
        this.out = out;
        this.workers = workers;
        this.threadsPerWorker = threadsPerWorker;
        this.cacheDir = cacheDir;
        this.corpus = corpus;
        this.console = console;
    }

    /** A planned and trained ladder: its plan, its folder and how its rungs ended. */
    public record Trained(Plan plan, Path ladderDir, Outcome outcome) {

        /** True when every rung finished (completed or diverged). */
        public boolean finished() {
            return outcome.states().values().stream().allMatch(RungStatus.State::finished);
        }
    }

    /**
     * Plans the ladder config {@code config}, checks it fits in memory, writes {@code out/<ladder>/plan.json} and
     * trains every rung.
     *
     * @param workers rungs at once; null for one per core on a CPU (one thread each is fastest there), 1 on CUDA
     * @param threads threads per worker; null for the cores divided among the workers
     */
    public static Trained train(Path config, Path out, Path cacheDir, Integer workers, Integer threads,
                                BooleanSupplier stopRequested, PrintStream console) {
        PreparedCorpus corpus = Planner.corpus(config, cacheDir);
        Plan plan = Planner.plan(config, corpus);
        RunConfig first = plan.rungs().get(0).runConfig(config.toString());
        int cores = Runtime.getRuntime().availableProcessors();
        int n = workers != null ? workers : first.train().device() == TrainConfig.Device.CPU ? cores : 1;
        MemoryCheck.check(config.toString(), plan, first.train().batchSize(), n);
        Path ladderDir = out.toAbsolutePath().resolve(plan.ladder());
        Path planFile = ladderDir.resolve(Plan.FILE_NAME);
        plan.write(planFile);
        int perWorker = threads != null ? threads : Math.max(1, cores / n);
        Outcome outcome = new LadderRunner(plan, planFile, out.toAbsolutePath(), n, perWorker,
                cacheDir.toAbsolutePath(), JvmMemory.Corpus.of(corpus), console).run(stopRequested);
        return new Trained(plan, ladderDir, outcome);
    }

    /** A worker process and the rung it trains. */
    private record Worker(Rung rung, Process process) { }

    public Outcome run(BooleanSupplier stopRequested) {
        Path ladderDir = out.resolve(plan.ladder());
        Deque<Rung> queue = new ArrayDeque<>();
        Map<String, RungStatus.State> states = new LinkedHashMap<>();
        for (Rung rung : plan.rungs()) {
            RungStatus status = RungStatus.read(ladderDir, rung);
            states.put(rung.runId(), status.state());
            if (status.finished()) continue;
            if (status.state() == RungStatus.State.RUNNING) {
                console.println(rung.runId() + ": already being trained by another process; skipped");
                continue;
            }
            queue.add(rung);
        }
        console.printf(Locale.ROOT, "%s: %d rungs, %d finished, %d to train with %d worker(s) x %d thread(s)%n",
                plan.ladder(), plan.rungs().size(), plan.rungs().size() - queue.size(), queue.size(), workers,
                threadsPerWorker);
        if (queue.isEmpty()) return awaitOthers(ladderDir, states, stopRequested);
        startLargestEarly(queue);
        Map<String, Integer> attempts = new HashMap<>();
        List<Worker> active = new ArrayList<>();
        try (ProgressBar bar = bar()) {
            boolean stopping = false;
            while (!queue.isEmpty() || !active.isEmpty()) {
                if (!stopping && stopRequested.getAsBoolean()) {
                    stopping = true;
                    queue.clear();
                    active.forEach(w -> closeInput(w.process()));
                }
                block(queue, active, states);
                while (!stopping && active.size() < workers) {
                    Rung rung = nextReady(queue, states);
                    if (rung == null) break;
                    queue.remove(rung);
                    attempts.merge(rung.runId(), 1, Integer::sum);
                    active.add(new Worker(rung, start(ladderDir, rung)));
                }
                if (active.isEmpty()) {
                    queue.forEach(r -> console.printf("%n%s: not trained: %s%n", r.runId(),
                            RungStatus.unmetParents(plan, ladderDir, r).orElse("waits for its parents")));
                    break;
                }
                sleep();
                for (Worker w : List.copyOf(active)) {
                    if (w.process().isAlive()) continue;
                    active.remove(w);
                    RungStatus status = RungStatus.read(ladderDir, w.rung());
                    states.put(w.rung().runId(), status.state());
                    if (retry(w, status, attempts, stopping)) queue.addFirst(w.rung());
                }
                update(bar, ladderDir, states, active);
            }
        }
        return awaitOthers(ladderDir, states, stopRequested);
    }

    /**
     * Waits for the rungs that another process on this host is training (a second {@code ladder run} of the same
     * ladder), so that this one reports how they ended instead of "running"; a lock held from another host, whose
     * process cannot be watched, is not waited for.
     */
    private Outcome awaitOthers(Path ladderDir, Map<String, RungStatus.State> states, BooleanSupplier stopRequested) {
        for (Rung rung : plan.rungs()) {
            if (states.get(rung.runId()) != RungStatus.State.RUNNING) continue;
            Path runDir = RungStatus.runDirectory(ladderDir, rung).dir();
            Optional<RunLock.Holder> holder = RunLock.liveHolder(runDir);
            if (holder.isPresent() && holder.get().onThisHost()) {
                console.printf("%s: waiting for process %d, which is training it%n", rung.runId(), holder.get().pid());
                while (!stopRequested.getAsBoolean() && RunLock.liveHolder(runDir).isPresent()) sleep();
            }
            states.put(rung.runId(), RungStatus.read(ladderDir, rung).state());
        }
        return new Outcome(states);
    }

    /**
     * The next rung to start: the first queued rung whose parents all completed, preferring one that other queued
     * rungs wait for (a WSD stable run before the branches of another); null when none is ready.
     */
    private static Rung nextReady(Deque<Rung> queue, Map<String, RungStatus.State> states) {
        Rung first = null;
        for (Rung rung : queue) {
            if (!rung.parentIds().stream().allMatch(p -> states.get(p) == RungStatus.State.COMPLETED)) continue;
            if (queue.stream().anyMatch(r -> r.parentIds().contains(rung.runId()))) return rung;
            if (first == null) first = rung;
        }
        return first;
    }

    /**
     * Takes out of the queue, as blocked, every rung with a parent that ended without a usable result and will not
     * be trained again (neither queued nor running); repeated so that a blocked rung blocks its own children.
     */
    private void block(Deque<Rung> queue, List<Worker> active, Map<String, RungStatus.State> states) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Rung rung : List.copyOf(queue)) {
                for (String parent : rung.parentIds()) {
                    RungStatus.State state = states.get(parent);
                    boolean pending = queue.stream().anyMatch(r -> r.runId().equals(parent))
                            || active.stream().anyMatch(w -> w.rung().runId().equals(parent));
                    if (state != null && state.blocksChildren() && !pending) {
                        queue.remove(rung);
                        states.put(rung.runId(), RungStatus.State.BLOCKED);
                        console.printf("%n%s: blocked: parent %s %s; not trained%n", rung.runId(), parent,
                                state.label());
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    /**
     * With W workers, the W - 1 most expensive rungs (by their own FLOPs) start first and the remaining worker goes
     * through the rest cheapest first: the ladder then ends about when its largest rung does, instead of starting that rung last
     * (on the classroom ladder with 2 workers this saves about a quarter of the wall time).
     */
    private void startLargestEarly(Deque<Rung> queue) {
        List<Rung> byCost = new ArrayList<>(queue);
        byCost.sort((a, b) -> Double.compare(b.ownFlops(), a.ownFlops()));
        List<Rung> first = byCost.subList(0, Math.min(workers - 1, byCost.size()));
        List<Rung> rest = new ArrayList<>(queue);
        rest.removeAll(first);
        queue.clear();
        queue.addAll(first);
        queue.addAll(rest);
    }

    /** A rung that ended unfinished gets one more attempt, unless its input was invalid or the ladder is stopping. */
    private boolean retry(Worker w, RungStatus status, Map<String, Integer> attempts, boolean stopping) {
        if (status.finished() || stopping) return false;
        int exit = w.process().exitValue();
        Path log = RungStatus.runDirectory(out.resolve(plan.ladder()), w.rung()).dir().resolve("train.log");
        if (exit == INVALID_INPUT || attempts.get(w.rung().runId()) >= 2) {
            console.printf("%n%s: %s (exit code %d); see %s%n", w.rung().runId(), status.state().label(), exit, log);
            return false;
        }
        console.printf("%n%s: worker ended with exit code %d; retrying once (see %s)%n", w.rung().runId(), exit, log);
        return true;
    }

    /**
     * Starts the worker of {@code rung} under the memory limits of its shape ({@link JvmMemory}); its command line
     * is the first line of its train.log.
     */
    private Process start(Path ladderDir, Rung rung) {
        Path runDir = RungStatus.runDirectory(ladderDir, rung).dir();
        TrainConfig train = rung.runConfig(planFile.toString()).train();
        JvmMemory memory = JvmMemory.forTraining(rung.model(), plan.teacherOf(rung).map(Rung::model).orElse(null),
                train.batchSize(), train.engine(), train.device(), corpus);
        List<String> command = ChildJvm.ladder(memory, List.of("train", "--plan", planFile.toString(),
                "--rung", Integer.toString(rung.index()), "--out", out.toString(),
                "--threads", Integer.toString(threadsPerWorker), "--cache-dir", cacheDir.toString(), "--stop-on-eof"));
        Path log = runDir.resolve("train.log");
        try {
            Files.createDirectories(runDir);
            Files.writeString(log, "ladder run: " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return ChildJvm.limitThreads(new ProcessBuilder(command), threadsPerWorker)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker for " + rung.runId(), e);
        }
    }

    private static void closeInput(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal worker " + process.pid(), e);
        }
    }

    private ProgressBar bar() {
        return new ProgressBarBuilder().setTaskName(plan.ladder()).setInitialMax(gigaFlops(plan.totalFlops()))
                .setUnit(" GFLOP", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                .setConsumer(ProgressLines.to(console)).build();
    }

    private void update(ProgressBar bar, Path ladderDir, Map<String, RungStatus.State> states, List<Worker> active) {
        double done = 0;
        for (Rung rung : plan.rungs()) {
            if (states.get(rung.runId()).finished()) done += rung.ownFlops();
        }
        List<String> running = new ArrayList<>();
        for (Worker w : active) {
            // twice a second: the end of each log, not the whole log (a stable run logs thousands of steps)
            long tokens = 0;
            try {
                tokens = RunLogReader.lastStepTokens(RungStatus.runDirectory(ladderDir, w.rung()).metrics())
                        .orElse(0);
            } catch (UncheckedIOException e) {
                // a log the bar cannot read shows no progress; the worker reports what went wrong
            }
            double fraction = RungStatus.fraction(w.rung(), tokens);
            done += fraction * w.rung().ownFlops();
            running.add(String.format(Locale.ROOT, "%s %.0f%%", w.rung().shape(), 100 * fraction));
        }
        long finished = states.values().stream().filter(RungStatus.State::finished).count();
        bar.stepTo(gigaFlops(done));
        bar.setExtraMessage(String.format(Locale.ROOT, " %d/%d rungs done; %s", finished, plan.rungs().size(),
                String.join(", ", running)));
    }

    private static long gigaFlops(double flops) {
        return Math.max(1, Math.round(flops / 1e9));
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ladder runner interrupted", e);
        }
    }
}
