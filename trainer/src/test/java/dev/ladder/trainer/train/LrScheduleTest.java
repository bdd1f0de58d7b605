package dev.ladder.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.trainer.config.OptimConfig;
import dev.ladder.trainer.config.OptimConfig.Schedule;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void warmsUpLinearlyThenCosineDecaysToTheMinimumAtTheLastStep() {
        LrSchedule s = new LrSchedule(1e-3, 1e-4, 10, 110, Schedule.COSINE, 0.2);
        assertThat(s.lr(1)).isCloseTo(1e-4, within(1e-12));
        assertThat(s.lr(10)).isCloseTo(1e-3, within(1e-12));
        assertThat(s.lr(60)).isCloseTo(5.5e-4, within(1e-12));
        assertThat(s.lr(110)).isCloseTo(1e-4, within(1e-12));
    }

    @Test
    void wsdStaysAtThePeakUntilTheFinalDecayFraction() {
        LrSchedule s = new LrSchedule(1e-3, 0, 0, 100, Schedule.WSD, 0.2);
        assertThat(s.lr(1)).isEqualTo(1e-3);
        assertThat(s.lr(80)).isEqualTo(1e-3);
        assertThat(s.lr(90)).isCloseTo(5e-4, within(1e-12));
        assertThat(s.lr(100)).isCloseTo(0, within(1e-12));
    }

    @Test
    void warmupGivenAsAFractionOrAsTokensBecomesWholeSteps() {
        OptimConfig fraction = new OptimConfig(1e-3, 0.1, Schedule.CONSTANT, 0.05, 0.2, 0.9, 0.95,
                1e-8, 0.1, 1.0);
        assertThat(LrSchedule.of(fraction, 200, 100).warmupSteps()).isEqualTo(10);
        OptimConfig tokens = new OptimConfig(1e-3, 0.1, Schedule.CONSTANT, 250, 0.2, 0.9, 0.95,
                1e-8, 0.1, 1.0);
        assertThat(LrSchedule.of(tokens, 200, 100).warmupSteps()).isEqualTo(3);
        assertThat(LrSchedule.of(tokens, 200, 100).lr(150)).isEqualTo(1e-3);
    }
}
