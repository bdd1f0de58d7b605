/** The {@code ladder} command line: one class per subcommand, exit codes mapped in LadderCommand. */
package dev.ladder.trainer.cli;
