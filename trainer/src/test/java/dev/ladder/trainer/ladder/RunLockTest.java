package dev.ladder.trainer.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import dev.ladder.trainer.train.RunLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-run lock file: live holders are refused, dead or garbled ones taken over, and close() lets go. */
class RunLockTest {

    private static final long SELF = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream warningBytes = new ByteArrayOutputStream();
    private final PrintStream warnings = new PrintStream(warningBytes, true, StandardCharsets.UTF_8);

    private Path lockFile() {
        return dir.resolve("run").resolve(RunLock.FILE_NAME);
    }

    private String warned() {
        return warningBytes.toString(StandardCharsets.UTF_8);
    }

    private static String thisHost() throws IOException {
        return InetAddress.getLocalHost().getHostName();
    }

    @Test
    void aLockHeldByALiveProcessIsRefusedNamingItsPidAndCloseDeletesTheFile() throws IOException {
        Path runDir = dir.resolve("run");
        RunLock lock = RunLock.acquire(runDir, warnings);
        assertThat(Files.readString(lockFile())).isEqualTo(SELF + " " + thisHost());
        assertThat(RunLock.liveHolder(runDir)).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(SELF));
        assertThatThrownBy(() -> RunLock.acquire(runDir, warnings))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(lockFile().toString())
                .hasMessageContaining("being trained by process " + SELF + " on " + thisHost());
        assertThat(lockFile()).as("a refused attempt leaves the holder's lock").isRegularFile();
        lock.close();
        assertThat(lockFile()).doesNotExist();
        assertThat(RunLock.liveHolder(runDir)).isEmpty();
        assertThat(warned()).isEmpty();
        RunLock.acquire(runDir, warnings).close();
        assertThat(warned()).as("a closed lock is free: taken again without a warning").isEmpty();
    }

    @Test
    @SuppressWarnings("try")   // the lock is held for the block and never read
    void closingRemovesTheRunDirectoryTheLockCreatedIfNothingWasWrittenThere() throws IOException {
        Path empty = dir.resolve("empty-run");
        RunLock.acquire(empty, warnings).close();
        assertThat(empty).as("a run refused before writing anything leaves no folder").doesNotExist();

        Path written = dir.resolve("written-run");
        try (RunLock lock = RunLock.acquire(written, warnings)) {
            Files.writeString(written.resolve("run.json"), "{}");
        }
        assertThat(written.resolve("run.json")).isRegularFile();
        assertThat(written.resolve(RunLock.FILE_NAME)).doesNotExist();
        try (Stream<Path> files = Files.list(written)) {
            assertThat(files).as("no temporary lock files left").hasSize(1);
        }
    }

    @Test
    void aLockOfADeadProcessIsTakenOverWithAWarning() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long deadPid = gone.pid();
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), deadPid + " " + thisHost());
        assertThat(RunLock.liveHolder(lockFile().getParent())).isEmpty();

        RunLock lock = RunLock.acquire(lockFile().getParent(), warnings);
        assertThat(warned()).contains("warning: " + lockFile() + ": taking over a stale lock of process "
                + deadPid + " (no longer running)");
        assertThat(Files.readString(lockFile())).isEqualTo(SELF + " " + thisHost());
        lock.close();
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void removeStaleDeletesOnlyTheLockOfADeadProcessOnThisHost() throws Exception {
        Path runDir = Files.createDirectories(lockFile().getParent());
        RunLock held = RunLock.acquire(runDir, warnings);
        RunLock.removeStale(runDir, warnings);
        assertThat(lockFile()).as("a live holder's lock is kept").isRegularFile();
        held.close();

        Files.writeString(lockFile(), "12345 some-other-node.example");
        RunLock.removeStale(runDir, warnings);
        assertThat(lockFile()).as("another host's lock cannot be judged, so it is kept").isRegularFile();
        assertThat(warned()).isEmpty();

        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Files.writeString(lockFile(), gone.pid() + " " + thisHost());
        RunLock.removeStale(runDir, warnings);
        assertThat(lockFile()).doesNotExist();
        assertThat(warned()).contains("warning: " + lockFile() + ": removed a stale lock of process " + gone.pid());
        RunLock.removeStale(runDir, warnings);
        assertThat(lockFile()).as("no lock: nothing to do").doesNotExist();
    }

    @Test
    void aGarbledLockFileIsTakenOverWithAWarning() throws IOException {
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), "\u0000\u0000garbage");
        RunLock lock = RunLock.acquire(lockFile().getParent(), warnings);
        assertThat(warned()).contains("taking over a stale lock").doesNotContain("of process");
        assertThat(Files.readString(lockFile())).isEqualTo(SELF + " " + thisHost());
        lock.close();
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void aLockFromAnotherHostCountsAsHeldBecauseItCannotBeChecked() throws IOException {
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), "12345 some-other-node.example");
        assertThat(RunLock.liveHolder(lockFile().getParent()))
                .hasValue(new RunLock.Holder(12345, "some-other-node.example"));
        assertThatThrownBy(() -> RunLock.acquire(lockFile().getParent(), warnings))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("process 12345 on some-other-node.example");
        assertThat(Files.readString(lockFile())).isEqualTo("12345 some-other-node.example");
    }
}
