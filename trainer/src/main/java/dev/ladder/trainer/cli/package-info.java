/** The {@code ladder} command line: one class per subcommand, exit codes mapped in {@link dev.ladder.trainer.cli.LadderCommand}. */
package dev.ladder.trainer.cli;
