package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Reading the peak and current resident memory from {@code /proc/self/status}. */
class PeakMemoryTest {

    private static final String STATUS = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  245844 kB\nVmRSS:\t  200000 kB\n"
            + "Threads:\t40\n";

    @Test
    void readsKibibyteFieldsAsBytes() {
        assertThat(PeakMemory.field(STATUS, "VmHWM")).hasValue(245_844L * 1024);
        assertThat(PeakMemory.field(STATUS, "VmRSS")).hasValue(200_000L * 1024);
        assertThat(PeakMemory.field(STATUS, "VmSwap")).isEmpty();
    }

    @Test
    void thisProcessHasAPeakAtLeastItsCurrentResidentSetOnLinux() {
        assumeThat(Files.isReadable(Path.of("/proc/self/status"))).as("Linux /proc").isTrue();
        OptionalLong now = PeakMemory.rssBytes();
        OptionalLong peak = PeakMemory.peakRssBytes();
        assertThat(now).isPresent();
        assertThat(peak).isPresent();
        assertThat(now.getAsLong()).isPositive();
        assertThat(peak.getAsLong()).isGreaterThanOrEqualTo(now.getAsLong());
    }
}
