package dev.ladder.data.runlog;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points inside the writes of a run directory where the fault tests stop the process or fail the write, so
 * that a kill or a full disk lands exactly inside a checkpoint write or a log append instead of wherever a timer
 * happens to fall. Off unless the environment variable {@code LADDER_FAULT} is {@code POINT:N[:ACTION]}: the N-th time
 * this process reaches POINT it halts at once as a SIGKILL would (exit 137, no cleanup; ACTION {@code kill}, the
 * default) or the write fails with "No space left on device" (ACTION {@code enospc}). Points: {@code
 * checkpoint.arrays} (half of arrays.bin written), {@code checkpoint.rename} (the old checkpoint renamed away, the new
 * one not yet in place), {@code metrics.line} (half a metrics.jsonl line written and flushed) and {@code json.write}
 * (a run.json, summary.json or state.json written to its temporary file, not yet renamed).
 */
public final class FaultPoint {

    /** The environment variable that arms one point. */
    public static final String ENV = "LADDER_FAULT";

    private static final String[] ARMED = parse(System.getenv(ENV));
    // test-only: how often this process has reached the armed point (one process, one armed point)
    private static final AtomicInteger HITS = new AtomicInteger();

    private FaultPoint() {
    }

    /** Marks that a write of {@code file} reached {@code point}; acts there when {@link #ENV} arms it. */
    public static void reach(String point, Path file) throws IOException {
        if (ARMED == null || !ARMED[0].equals(point)) return;
        if (HITS.incrementAndGet() != Integer.parseInt(ARMED[1])) return;
        if ("enospc".equals(ARMED[2])) {
            throw new FileSystemException(file.toString(), null, "No space left on device (" + ENV + ")");
        }
        Runtime.getRuntime().halt(137);
    }

    private static String[] parse(String spec) {
        if (spec == null || spec.isBlank()) return null;
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 3 || !parts[1].matches("[1-9][0-9]{0,8}")
                || (parts.length == 3 && !parts[2].matches("kill|enospc"))) {
            throw new IllegalStateException(ENV + " = \"" + spec + "\" is not allowed; allowed: POINT:N[:kill|enospc]");
        }
        return new String[] {parts[0], parts[1], parts.length == 3 ? parts[2] : "kill"};
    }
}
