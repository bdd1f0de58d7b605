package dev.ladder.trainer.train;

import dev.ladder.data.runlog.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/** Where and with what a run was made (Tribuo-style provenance), for run.json. */
final class Provenance {

    private Provenance() {
    }

    static RunInfo.Provenance of(Backend backend) {
        String version = Provenance.class.getPackage().getImplementationVersion();
        return new RunInfo.Provenance(version == null ? "dev" : version, gitCommit(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
                backend.name(), backend.threads(), backend.device(), Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .toString());
    }

    /** {@code git rev-parse HEAD} in the working directory; null outside a git checkout or without git. */
    static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!git.waitFor(5, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return null;
            }
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
