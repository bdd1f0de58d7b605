package dev.ladder.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void rejectsDModelNotDivisibleByNHeadNamingBothFields() {
        assertThatThrownBy(() -> new ModelConfig(2, 3, 64, 128, 96, true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.dModel = 64")
                .hasMessageContaining("model.nHead = 3");
    }

    @Test
    void rejectsNonPositiveLayersNamingTheField() {
        assertThatThrownBy(() -> new ModelConfig(0, 2, 64, 128, 96, true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.nLayer = 0")
                .hasMessageContaining(">= 1");
    }

    @Test
    void rejectsAContextLongerThanTheMaskCanHold() {
        assertThatThrownBy(() -> new ModelConfig(2, 2, 64, 100_000, 96, true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.seqLen = 100000")
                .hasMessageContaining("[1, 16384]");
    }

    @Test
    void derivesMlpWidthAndHeadDim() {
        ModelConfig config = new ModelConfig(2, 4, 64, 128, 96, false);
        assertThat(config.ffw()).isEqualTo(256);
        assertThat(config.headDim()).isEqualTo(16);
    }
}
