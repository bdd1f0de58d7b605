package dev.ladder.trainer.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stop request raised when standard input reaches its end. {@code ladder run} starts each worker with a pipe on
 * its standard input and closes it to stop the worker; the pipe also closes when {@code ladder run} dies, however it
 * dies, so an orphaned worker checkpoints and stops instead of training on unwatched.
 */
public final class InputClosed {

    private InputClosed() {
    }

    /**
     * Standard input's lines as they arrive, read on a daemon thread, and whether it has ended: how a serving
     * {@code ladder run} worker gets its rungs and its stop request.
     */
    public static Lines lines() {
        Lines lines = new Lines();
        Thread reader = new Thread(() -> {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) lines.queue.add(line);
            } catch (IOException e) {
                // the parent's end of the pipe is gone: the end of input, as below
            }
            lines.ended.set(true);
            lines.queue.add(END);
        }, "stdin-lines");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Marks the end of input in {@link Lines#queue} (compared by identity). */
    private static final String END = new String("end of input");

    /** See {@link #lines()}. */
    public static final class Lines {

        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final AtomicBoolean ended = new AtomicBoolean();

        private Lines() {
        }

        /** The next line, waiting for it; empty once input has ended (and after that, always). */
        @SuppressWarnings("StringEquality")
        public Optional<String> next() {
            try {
                String line = queue.take();
                if (line == END) {
                    queue.add(END);
                    return Optional.empty();
                }
                return Optional.of(line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        /** True once input has ended: the worker is to stop. */
        public boolean ended() {
            return ended.get();
        }
    }
}
