package dev.ladder.trainer.ladder;

import dev.ladder.data.runlog.RunLogReader;
import dev.ladder.data.tokens.PreparedCorpus;
import dev.ladder.trainer.config.RunConfig;
import dev.ladder.trainer.config.TrainConfig;
import dev.ladder.trainer.train.ProgressLines;
import dev.ladder.trainer.train.RunLock;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains every rung of a plan, cheapest first (see {@link #startLargestEarly}), {@code workers} at a time, in
 * {@code ladder train --serve} processes ({@link Worker}): a worker trains rung after rung of the same memory limits
 * (a shape's stable run and then its WSD branches) in one JVM, and a crash of one worker cannot take down the others.
 * Completed (and diverged) rungs are skipped, interrupted ones resume from their checkpoints, and a rung that fails
 * or whose worker crashes is retried once. A rung starts only when every parent rung completed, and is blocked (not
 * trained) when a parent failed for good, diverged or was blocked itself. Rungs that another {@code ladder run} on
 * this host is training are left to it and waited for at the end. Each rung's output goes to
 * {@code <runDir>/train.log}; the console shows one bar for the whole ladder (FLOPs done, ETA) with each running
 * rung's own progress beside it.
 *
 * <p>A worker stops (checkpoint, status interrupted) when its standard input closes: when this process asks it to,
 * and also when this process dies, however it dies. Starting a JVM per rung cost the classroom ladder's WSD branches
 * more time than their own training (measured 2026-11-30: a 1M-token branch of the 6.6k shape spent 8.5 s in its
 * process, 1.2 s of it training).
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
    /** Each rung's memory limits by run id, worked out once. */
    private final Map<String, JvmMemory> memory = new HashMap<>();
    /** Released by a worker when a rung ends or it exits: the runner assigns the next rung at once. */
    private final Semaphore wake = new Semaphore(0);

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
     * @param seeds   every rung once per seed, instead of the config's seeds; null for the config's
     * @param workers rungs at once; null for one per core on a CPU (one thread each is fastest there), 1 on CUDA
     * @param threads threads per worker; null for the cores divided among the workers
     */
    public static Trained train(Path config, List<Long> seeds, Path out, Path cacheDir, Integer workers,
                                Integer threads, BooleanSupplier stopRequested, PrintStream console) {
        PreparedCorpus corpus = Planner.corpus(config, cacheDir);
        Plan plan = Planner.plan(config, corpus, seeds);
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

    public Outcome run(BooleanSupplier stopRequested) {
        Path ladderDir = out.resolve(plan.ladder());
        Deque<Rung> queue = new ArrayDeque<>();
        Map<String, RungStatus.State> states = new LinkedHashMap<>();
        for (Rung rung : plan.rungs()) {
            RungStatus.State state = RungStatus.state(ladderDir, rung);
            states.put(rung.runId(), state);
            if (state.finished()) continue;
            if (state == RungStatus.State.RUNNING) {
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
        List<Worker> pool = new ArrayList<>();
        try (ProgressBar bar = bar()) {
            boolean stopping = false;
            while (!queue.isEmpty() || !Worker.rungs(pool).isEmpty()) {
                if (!stopping && stopRequested.getAsBoolean()) {
                    stopping = true;
                    queue.clear();
                }
                block(queue, Worker.rungs(pool), states);
                if (!stopping) assign(ladderDir, queue, states, attempts, pool);
                if (Worker.rungs(pool).isEmpty()) {
                    queue.forEach(r -> console.printf("%n%s: not trained: %s%n", r.runId(),
                            RungStatus.unmetParents(plan, ladderDir, r).orElse("waits for its parents")));
                    break;
                }
                if (stopping) pool.forEach(Worker::closeInput);
                awaitWorkers();
                for (Worker w : List.copyOf(pool)) {
                    boolean dead = !w.alive();
                    int exit = dead ? w.exitValue() : 0;   // waits until every line the worker wrote is read
                    for (Worker.Ended e = w.takeEnded(); e != null; e = w.takeEnded()) {
                        ended(ladderDir, plan.rungs().get(e.index()), e.exit(), states, attempts, stopping, queue);
                    }
                    if (!dead) continue;
                    pool.remove(w);
                    // died while training: a crash (or a kill) ends the rung with the process's exit code
                    if (w.rung() != null) ended(ladderDir, w.rung(), exit, states, attempts, stopping, queue);
                }
                update(bar, ladderDir, states, Worker.rungs(pool));
            }
        } finally {
            pool.forEach(Worker::closeInput);
        }
        return awaitOthers(ladderDir, states, stopRequested);
    }

    /**
     * Gives ready rungs to workers: an idle worker gets the next ready rung it fits (same memory limits), a free
     * slot gets a new worker for the next ready rung, and an idle worker that fits none of the ready rungs is stopped
     * when its slot is needed for one.
     */
    private void assign(Path ladderDir, Deque<Rung> queue, Map<String, RungStatus.State> states,
                        Map<String, Integer> attempts, List<Worker> pool) {
        for (Worker w : pool) {
            if (w.rung() != null || !w.alive()) continue;
            Rung rung = nextReady(queue, states, r -> w.fits(memory(r)));
            if (rung != null) send(w, rung, ladderDir, queue, attempts);
        }
        while (true) {
            Rung rung = nextReady(queue, states, r -> true);
            if (rung == null) return;
            if (pool.size() < workers) {
                JvmMemory memory = memory(rung);
                Worker w = Worker.start(command(memory), memory.flags(), threadsPerWorker, log(ladderDir, rung),
                        wake);
                pool.add(w);
                send(w, rung, ladderDir, queue, attempts);
                continue;
            }
            Worker idle = pool.stream().filter(w -> w.rung() == null).findFirst().orElse(null);
            if (idle == null) return;
            idle.closeInput();   // an idle worker exits at once
            idle.exitValue();
            pool.remove(idle);
        }
    }

    private void send(Worker w, Rung rung, Path ladderDir, Deque<Rung> queue, Map<String, Integer> attempts) {
        queue.remove(rung);
        attempts.merge(rung.runId(), 1, Integer::sum);
        w.send(rung, log(ladderDir, rung));
    }

    /** Records how {@code rung} ended and queues it again if it gets another attempt. */
    private void ended(Path ladderDir, Rung rung, int exit, Map<String, RungStatus.State> states,
                       Map<String, Integer> attempts, boolean stopping, Deque<Rung> queue) {
        RungStatus.State state = RungStatus.state(ladderDir, rung);
        states.put(rung.runId(), state);
        if (retry(rung, state, exit, attempts, stopping)) queue.addFirst(rung);
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
            states.put(rung.runId(), RungStatus.state(ladderDir, rung));
        }
        return new Outcome(states);
    }

    /**
     * The next rung to start: the first queued rung whose parents all completed, preferring one that other queued
     * rungs wait for (a WSD stable run before the branches of another), among the {@code allowed} ones; null when
     * none is ready.
     */
    private static Rung nextReady(Deque<Rung> queue, Map<String, RungStatus.State> states, Predicate<Rung> allowed) {
        Rung first = null;
        for (Rung rung : queue) {
            if (!allowed.test(rung)) continue;
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
    private void block(Deque<Rung> queue, List<Rung> active, Map<String, RungStatus.State> states) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Rung rung : List.copyOf(queue)) {
                for (String parent : rung.parentIds()) {
                    RungStatus.State state = states.get(parent);
                    boolean pending = queue.stream().anyMatch(r -> r.runId().equals(parent))
                            || active.stream().anyMatch(r -> r.runId().equals(parent));
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
    private boolean retry(Rung rung, RungStatus.State state, int exit, Map<String, Integer> attempts,
                          boolean stopping) {
        if (state.finished() || stopping) return false;
        Path log = log(out.resolve(plan.ladder()), rung);
        if (exit == INVALID_INPUT || attempts.get(rung.runId()) >= 2) {
            console.printf("%n%s: %s (exit code %d); see %s%n", rung.runId(), state.label(), exit, log);
            return false;
        }
        console.printf("%n%s: ended with exit code %d; retrying once (see %s)%n", rung.runId(), exit, log);
        return true;
    }

    /** The memory limits of {@code rung}'s shape ({@link JvmMemory}), which the worker training it runs under. */
    private JvmMemory memory(Rung rung) {
        return memory.computeIfAbsent(rung.runId(), id -> {
            TrainConfig train = rung.runConfig(planFile.toString()).train();
            return JvmMemory.forTraining(rung.model(), plan.teacherOf(rung).map(Rung::model).orElse(null),
                    train.batchSize(), train.engine(), train.device(), corpus);
        });
    }

    /** The command line of a worker under {@code memory}'s limits; each rung's train.log names it first. */
    private List<String> command(JvmMemory memory) {
        return ChildJvm.ladder(memory, List.of("train", "--plan", planFile.toString(), "--serve",
                "--out", out.toString(), "--threads", Integer.toString(threadsPerWorker),
                "--cache-dir", cacheDir.toString()));
    }

    private static Path log(Path ladderDir, Rung rung) {
        return RungStatus.runDirectory(ladderDir, rung).dir().resolve("train.log");
    }

    private ProgressBar bar() {
        return new ProgressBarBuilder().setTaskName(plan.ladder()).setInitialMax(gigaFlops(plan.totalFlops()))
                .setUnit(" GFLOP", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                .setConsumer(ProgressLines.to(console)).build();
    }

    private void update(ProgressBar bar, Path ladderDir, Map<String, RungStatus.State> states, List<Rung> active) {
        double done = 0;
        for (Rung rung : plan.rungs()) {
            if (states.get(rung.runId()).finished()) done += rung.ownFlops();
        }
        List<String> running = new ArrayList<>();
        for (Rung rung : active) {
            // twice a second: the end of each log, not the whole log (a stable run logs thousands of steps)
            long tokens = 0;
            try {
                tokens = RunLogReader.lastStepTokens(RungStatus.runDirectory(ladderDir, rung).metrics())
                        .orElse(0);
            } catch (UncheckedIOException e) {
                // a log the bar cannot read shows no progress; the worker reports what went wrong
            }
            double fraction = RungStatus.fraction(rung, tokens);
            done += fraction * rung.ownFlops();
            running.add(String.format(Locale.ROOT, "%s %.0f%%", rung.shape(), 100 * fraction));
        }
        long finished = states.values().stream().filter(RungStatus.State::finished).count();
        bar.stepTo(gigaFlops(done));
        bar.setExtraMessage(String.format(Locale.ROOT, " %d/%d rungs done; %s", finished, plan.rungs().size(),
                String.join(", ", running)));
    }

    private static long gigaFlops(double flops) {
        return Math.max(1, Math.round(flops / 1e9));
    }

    /** Waits until a worker ends a rung or exits, or for one poll interval (stop requests, progress). */
    private void awaitWorkers() {
        try {
            if (wake.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) wake.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ladder runner interrupted", e);
        }
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
