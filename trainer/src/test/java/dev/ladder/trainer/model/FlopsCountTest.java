package dev.ladder.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FlopsCountTest {

    @Test
    void kaplanIsSixNPlusAttentionTerm() {
        ModelConfig config = new ModelConfig(2, 2, 64, 128, 96, true);
        assertThat(FlopsCount.kaplan6N(config)).isEqualTo(6.0 * 100_096 + 6.0 * 2 * 128 * 64);
    }

    @Test
    void headAddsSixTimesDModelTimesVocabPerToken() {
        ModelConfig config = new ModelConfig(4, 4, 128, 256, 500, true);
        double difference = FlopsCount.chinchillaExact(config, true) - FlopsCount.chinchillaExact(config, false);
        assertThat(difference).isCloseTo(6.0 * 128 * 500, within(1e-6));
    }

    @Test
    void chinchillaCountIsCloseToSixNForALargeModel() {
        // Hoffmann et al. 2022 table A4: the exact count and 6·N·D agree within ~10% when dModel >> seqLen / 6.
        ModelConfig config = new ModelConfig(24, 16, 4096, 1024, 32_000, true);
        double sixN = 6.0 * ParamCount.of(config).total();
        double ratio = FlopsCount.chinchillaExact(config, true) / sixN;
        assertThat(ratio).isBetween(1.0, 1.1);
    }

    @Test
    void chinchillaCountMatchesHandCountForOneLayer() {
        ModelConfig c = new ModelConfig(1, 2, 8, 4, 10, true);
        double s = 4;
        double d = 8;
        double forward = 2 * s * 10 * d + (2 * 3 * s * d * d + 2 * s * s * d + 3 * 2 * s * s + 2 * s * s * d
                + 2 * s * d * d + 2 * s * 2 * d * 32) + 2 * s * d * 10;
        assertThat(FlopsCount.chinchillaExact(c, true)).isCloseTo(3 * forward / s, within(1e-9));
    }
}
