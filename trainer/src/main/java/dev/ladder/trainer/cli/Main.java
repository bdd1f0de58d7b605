package dev.ladder.trainer.cli;

import dev.ladder.trainer.train.StopSignal;

/** Entry point of the {@code ladder} command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StopSignal.exitOnSignal();
        System.exit(LadderCommand.commandLine().execute(args));
    }
}
