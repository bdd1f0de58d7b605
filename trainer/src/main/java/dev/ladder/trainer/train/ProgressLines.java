package dev.ladder.trainer.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Where a progress bar goes: redrawn in place (carriage-return frames) on a terminal, and as whole lines, at most one
 * every {@link #INTERVAL_MILLIS} plus the last, when the output is a file or a pipe (a worker's train.log, a CI log).
 */
public final class ProgressLines implements ProgressBarConsumer {

    /** Least time between two lines written to a file. */
    static final long INTERVAL_MILLIS = 30_000;

    private final PrintStream out;
    private long lastPrinted;
    private String pending;

    private ProgressLines(PrintStream out) {
        this.out = out;
    }

    /** A consumer for {@code out}: in-place frames when this process has a terminal, else whole lines. */
    public static ProgressBarConsumer to(PrintStream out) {
        return System.console() != null ? new ConsoleProgressBarConsumer(out) : new ProgressLines(out);
    }

    @Override
    public int getMaxRenderedLength() {
        return 120;
    }

    @Override
    public void accept(String frame) {
        pending = frame.strip();
        long now = System.currentTimeMillis();
        if (lastPrinted == 0 || now - lastPrinted >= INTERVAL_MILLIS) {
            out.println(pending);
            out.flush();
            lastPrinted = now;
            pending = null;
        }
    }

    @Override
    public void close() {
        if (pending != null) out.println(pending);
        pending = null;
        out.flush();
    }
}
