package dev.ladder.trainer.ladder;

import dev.ladder.trainer.cli.TrainCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * One {@code ladder train --serve} process of {@code ladder run}: it trains the rungs it is sent one after another in
 * the same JVM, so they share its start-up, its loaded corpus and its compiled code, and it is sent only rungs with the
 * memory limits it was started with (the rungs of one shape). A thread copies the process's output, line by line, to
 * the train.log of the rung it was last sent, except the lines that say a rung has ended, which it keeps for the
 * runner, and wakes the runner with a permit of its {@code wake} semaphore (so the next rung goes out at once, not at
 * the runner's next poll). Closing the process's input stops it: with a checkpoint mid-rung, at once when idle.
 */
final class Worker {

    /** A rung that ended in this worker, with the exit code {@code ladder train --rung} would have returned. */
    record Ended(int index, int exit) { }

    private final Process process;
    private final List<String> command;
    private final List<String> memoryFlags;
    private final BlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
    private final Semaphore wake;
    private final Thread copier;
    private volatile Path log;
    private Rung rung;

    private Worker(Process process, List<String> command, List<String> memoryFlags, Path firstLog, Semaphore wake) {
        this.process = process;
        this.command = command;
        this.memoryFlags = memoryFlags;
        this.log = firstLog;
        this.wake = wake;
        this.copier = new Thread(this::copyOutput, "worker-" + process.pid() + "-output");
        copier.setDaemon(true);
        copier.start();
    }

    /**
     * Starts {@code command} (a {@code ladder train --serve} command line) with {@code threads} threads; its output
     * goes to {@code firstLog} until the first rung is sent. It releases a permit of {@code wake} each time a rung
     * ends and when its output ends (the process died or stopped).
     */
    static Worker start(List<String> command, List<String> memoryFlags, int threads, Path firstLog, Semaphore wake) {
        try {
            Files.createDirectories(firstLog.getParent());
            Process process = ChildJvm.limitThreads(new ProcessBuilder(command), threads).redirectErrorStream(true)
                    .start();
            return new Worker(process, command, memoryFlags, firstLog, wake);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker (" + String.join(" ", command) + ")", e);
        }
    }

    /** Sends {@code next} to be trained; its output goes to {@code nextLog}, which first gets this worker's command. */
    void send(Rung next, Path nextLog) {
        try {
            Files.createDirectories(nextLog.getParent());
            Files.writeString(nextLog, "ladder run: worker " + process.pid() + " trains rung " + next.index() + ": "
                    + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            log = nextLog;
            rung = next;
            OutputStream in = process.getOutputStream();
            in.write((next.index() + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            // the worker died: the runner sees it dead and handles its rung like any crash
        }
    }

    /** The rung being trained; null when idle. */
    Rung rung() {
        return rung;
    }

    /** True when the worker may be sent {@code memory}'s rungs: it was started with those limits. */
    boolean fits(JvmMemory memory) {
        return memoryFlags.equals(memory.flags());
    }

    /** The rung that ended since the last call, if any; the worker is idle afterwards. */
    Ended takeEnded() {
        Ended e = ended.poll();
        if (e != null && rung != null && rung.index() == e.index()) rung = null;
        return e;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** After the process ended: its exit code, once all its output is copied (and every ended line kept). */
    int exitValue() {
        try {
            copier.join();
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for worker " + process.pid(), e);
        }
    }

    /** Asks the worker to stop. */
    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal worker " + process.pid(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    private void copyOutput() {
        Path current = null;
        Writer out = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(TrainCommand.WORKER_ENDED)) {
                    String[] parts = line.substring(TrainCommand.WORKER_ENDED.length()).strip().split(" ");
                    ended.add(new Ended(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
                    wake.release();
                    continue;
                }
                Path target = log;
                if (!target.equals(current)) {
                    if (out != null) out.close();
                    out = Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                    current = target;
                }
                out.write(line);
                out.write(System.lineSeparator());
                out.flush();
            }
        } catch (IOException e) {
            // the pipe or a log is gone; the process's exit code says what happened
        } finally {
            try {
                if (out != null) out.close();
            } catch (IOException e) {
                // nothing left to write to
            }
            wake.release();
        }
    }

    /** The workers' rungs, for progress and for the parents still pending. */
    static List<Rung> rungs(List<Worker> workers) {
        List<Rung> rungs = new ArrayList<>();
        for (Worker w : workers) {
            if (w.rung != null) rungs.add(w.rung);
        }
        return rungs;
    }
}
