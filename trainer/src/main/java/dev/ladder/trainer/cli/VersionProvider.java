package dev.ladder.trainer.cli;

import picocli.CommandLine;

/** {@code ladder --version}: the build's version, Java and OS, without starting ND4J. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = LadderCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "ladder " + (version == null ? "dev" : version),
            "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch"),
        };
    }
}
