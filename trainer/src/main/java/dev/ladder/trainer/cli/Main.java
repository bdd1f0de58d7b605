package dev.ladder.trainer.cli;

import picocli.CommandLine;

/** Entry point of the {@code ladder} command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(LadderCommand.commandLine().execute(args));
    }
}
