package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.trainer.cli.InProcessCli.Result;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The root command line: every subcommand, registered from any module, explains itself with --help. */
class LadderCommandTest {

    @Test
    void everySubcommandPrintsItsUsageForHelpAndExitsZero() {
        CommandLine root = LadderCommand.commandLine();
        assertThat(root.getSubcommands()).containsKeys("train", "bench", "fit", "report", "export", "corpus");
        for (String name : root.getSubcommands().keySet()) {
            if (name.equals("help")) continue;
            Result result = InProcessCli.run(name, "--help");
            assertThat(result.exitCode()).as("ladder %s --help: %s", name, result.err()).isEqualTo(ExitCode.OK);
            assertThat(result.out()).as("ladder %s --help", name).contains("Usage: ladder " + name);
        }
    }
}
