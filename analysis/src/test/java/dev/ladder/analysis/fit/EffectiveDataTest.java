package dev.ladder.analysis.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Muennighoff et al.'s effective data: fresh data counts fully, repeats count less and saturate. */
class EffectiveDataTest {

    @Test
    void freshDataCountsInFull() {
        assertThat(EffectiveData.effective(5e8, 1e9, EffectiveData.TOKENS_DECAY)).isEqualTo(5e8);
    }

    @Test
    void fewRepeatsAreAlmostAsGoodAsFreshAndManySaturate() {
        double unique = 1e9;
        double fourEpochs = EffectiveData.effective(4e9, unique, EffectiveData.TOKENS_DECAY);
        assertThat(fourEpochs / 4e9).isBetween(0.9, 1.0);
        double saturated = EffectiveData.effective(1e13, unique, EffectiveData.TOKENS_DECAY);
        assertThat(saturated).isCloseTo(unique * (1 + EffectiveData.TOKENS_DECAY), within(1e3));
    }
}
