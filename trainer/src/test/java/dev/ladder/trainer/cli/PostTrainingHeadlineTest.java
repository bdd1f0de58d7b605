package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The distillation headline calls a capacity gap only when it exceeds twice its standard error. */
class PostTrainingHeadlineTest {

    @Test
    void aGapWithinTwiceItsErrorIsNotCalledAGap() {
        // the classroom's 3.3k student at 1M tokens: 0.821 ± 0.002 from the strongest teacher, 0.817 ± 0.003
        assertThat(PostTrainingHeadline.gap(0.004, Math.hypot(0.002, 0.003)))
                .isEqualTo("0.004 ± 0.004 nats apart, within twice the error: no clear capacity gap");
        assertThat(PostTrainingHeadline.gap(0.030, 0.004)).isEqualTo("a capacity gap (0.030 ± 0.004 nats)");
    }
}
