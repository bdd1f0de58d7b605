package dev.ladder.trainer.train;

import dev.ladder.data.runlog.StepRecord;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The progress bar of a training run (steps, loss, tokens/s, ETA) on stderr, or nothing for tests and workers. */
public final class TrainProgress implements AutoCloseable {

    private final boolean enabled;
    private final String taskName;
    private ProgressBar bar;

    private TrainProgress(boolean enabled, String taskName) {
        this.enabled = enabled;
        this.taskName = taskName;
    }

    /** A bar named {@code taskName} on the console. */
    public static TrainProgress console(String taskName) {
        return new TrainProgress(true, taskName);
    }

    /** No output. */
    public static TrainProgress silent() {
        return new TrainProgress(false, "");
    }

    /** Shows the bar, resuming at {@code step} of {@code totalSteps} after {@code elapsed} earlier training. */
    void start(long step, long totalSteps, Duration elapsed) {
        if (!enabled) return;
        bar = new ProgressBarBuilder()
                .setTaskName(taskName)
                .setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(ProgressLines.to(System.err))
                .startsFrom(step, elapsed)
                .build();
    }

    void step(StepRecord record) {
        if (bar == null) return;
        bar.stepTo(record.step());
        double tokensPerSecond = record.tokensPerSecond() == null ? 0 : record.tokensPerSecond();
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f, %.1fk tok/s", record.trainLoss(),
                tokensPerSecond / 1000));
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
        bar = null;
    }
}
