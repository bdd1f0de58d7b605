package dev.ladder.trainer.cli;

/** The process exit codes of {@code ladder}, defined in one place (README §CLI lists them). */
public final class ExitCode {

    public static final int OK = 0;
    /** The work ran and failed: a diverged or failed run, a fit that did not converge. */
    public static final int FAILURE = 1;
    /** Invalid input: config, CLI argument, corpus or log file. The message names source, field, value, allowed. */
    public static final int INVALID_INPUT = 2;
    /** Interrupted (Ctrl-C / SIGTERM); the run can be resumed by running the same command again. */
    public static final int INTERRUPTED = 3;
    /** An internal error: a bug. Re-run with --verbose for the stack trace. */
    public static final int INTERNAL = 4;

    private ExitCode() {
    }
}
