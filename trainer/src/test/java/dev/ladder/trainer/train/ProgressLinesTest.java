package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.junit.jupiter.api.Test;

/** Without a terminal (as under surefire), a progress bar writes whole lines, never carriage-return frames. */
class ProgressLinesTest {

    @Test
    void aBarIntoAFileWritesWholeLinesEndingWithTheFinalCount() {
        assertThat(System.console()).as("tests run without a terminal").isNull();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("t").setInitialMax(50)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1).setConsumer(ProgressLines.to(out))
                .build()) {
            for (int i = 1; i <= 50; i++) bar.stepTo(i);
        }
        String written = bytes.toString(StandardCharsets.UTF_8);
        assertThat(written).doesNotContain("\r").isNotBlank();
        String[] lines = written.strip().split("\n");
        assertThat(lines.length).as(written).isLessThanOrEqualTo(3);
        assertThat(lines[lines.length - 1]).contains("50/50");
    }
}
