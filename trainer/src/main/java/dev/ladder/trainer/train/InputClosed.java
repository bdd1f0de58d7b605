package dev.ladder.trainer.train;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A stop request raised when standard input reaches its end. {@code ladder run} starts each worker with a pipe on
 * its standard input and closes it to stop the worker; the pipe also closes when {@code ladder run} dies, however it
 * dies, so an orphaned worker checkpoints and stops instead of training on unwatched.
 */
public final class InputClosed {

    private InputClosed() {
    }

    /** Watches {@code System.in} on a daemon thread; the result is true once {@code other} is or input has ended. */
    public static BooleanSupplier watch(BooleanSupplier other) {
        AtomicBoolean closed = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            drain(System.in);
            closed.set(true);
        }, "stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
        return () -> other.getAsBoolean() || closed.get();
    }

    /** Reads until end of stream; a read error counts as the end (the pipe is gone either way). */
    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                Thread.onSpinWait();
            }
        } catch (IOException e) {
            // the parent's end of the pipe is gone: that is the signal this class exists to see
            return;
        }
    }
}
