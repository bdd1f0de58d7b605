package dev.ladder.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParamCountTest {

    @Test
    void reproducesChinchillaTableRow74MWithItsRelativePositionConvention() {
        ModelConfig chinchilla74M = new ModelConfig(10, 10, 640, 2048, 32_000, true);
        ParamCount count = ParamCount.of(chinchilla74M);
        long d = 640;
        long relativePositions = 10 * (d * d + 2 * d);
        assertThat(count.nonEmbedding() + 32_000 * d + relativePositions).isEqualTo(73_825_280L);
    }

    @Test
    void nonEmbeddingOfSmallestBenchShapeMatchesKaplanCountWithBiases() {
        ParamCount count = ParamCount.of(new ModelConfig(2, 2, 64, 128, 96, true));
        assertThat(count.nonEmbedding()).isEqualTo(2 * (12L * 64 * 64 + 13 * 64) + 2 * 64).isEqualTo(100_096L);
        assertThat(count.embedding()).isEqualTo(96L * 64 + 128L * 64);
    }

    @Test
    void equalsTheSumOfTheParameterLayoutTiedAndUntied() {
        for (boolean tied : new boolean[] {true, false}) {
            ModelConfig config = new ModelConfig(3, 4, 48, 32, 70, tied);
            long total = 0;
            long embedding = 0;
            for (ParamSpec p : ParamLayout.of(config)) {
                total += p.size();
                if (p.role().isEmbedding()) embedding += p.size();
            }
            ParamCount count = ParamCount.of(config);
            assertThat(count.total()).isEqualTo(total);
            assertThat(count.embedding()).isEqualTo(embedding);
        }
    }

    @Test
    void untiedHeadAddsOneVocabularyTableToEmbedding() {
        ParamCount tied = ParamCount.of(new ModelConfig(2, 2, 32, 16, 50, true));
        ParamCount untied = ParamCount.of(new ModelConfig(2, 2, 32, 16, 50, false));
        assertThat(untied.embedding() - tied.embedding()).isEqualTo(50L * 32);
        assertThat(untied.nonEmbedding()).isEqualTo(tied.nonEmbedding());
    }
}
