package dev.ladder.trainer.model.fast;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits a host kernel's or a matrix product's rows into one contiguous range per thread and runs the ranges in
 * parallel, the calling thread taking the first. The split depends only on the count and the thread count, so
 * results are reproducible for a given thread count.
 */
final class Ranges {

    /** A range needs at least this many rows (or aligned units) to be worth a thread. */
    private static final int MIN_ROWS = 32;

    private final int threads;
    /** Runs the ranges after the first; null with one thread. */
    private final ForkJoinPool pool;

    /** The work on rows {@code [from, to)}, the {@code part}-th range of the split. */
    @FunctionalInterface
    interface Body {
        void run(int part, int from, int to);
    }

    Ranges(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads > 1 ? new ForkJoinPool(this.threads - 1) : null;
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, count)} split into at most one range per thread, each boundary a multiple of
     * {@code align}; returns the number of ranges.
     */
    int run(int count, int align, Body body) {
        return run(count, align, MIN_ROWS, body);
    }

    /** As {@link #run(int, int, Body)}, each range at least {@code min} units (rows, matrices) long. */
    int run(int count, int align, int min, Body body) {
        int parts = Math.max(1, Math.min(threads, count / Math.max(align, min)));
        if (parts == 1) {
            body.run(0, 0, count);
            return 1;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts];
        for (int part = 1; part < parts; part++) {
            int p = part;
            tasks[part] = pool.submit(() -> body.run(p, boundary(count, parts, p, align),
                    boundary(count, parts, p + 1, align)));
        }
        body.run(0, 0, boundary(count, parts, 1, align));
        for (int part = 1; part < parts; part++) tasks[part].join();
        return parts;
    }

    private static int boundary(int count, int parts, int part, int align) {
        if (part == parts) return count;
        return (int) ((long) count * part / parts) / align * align;
    }
}
