package dev.ladder.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParamCountTest {

    /**
     * Hoffmann et al. (2022), Table A9: the first twelve Chinchilla models as (published parameters in millions,
     * d_model, layers, heads), vocabulary 32,000, kv size 64, ffw 4·d_model. The paper counts Transformer-XL style
     * relative position parameters (d_model² + 2·d_model per layer) where this model has learned absolute positions,
     * and publishes whole millions; every row must round to its published figure.
     */
    private static final int[][] CHINCHILLA_TABLE_A9 = {
        {44, 512, 8, 8}, {57, 576, 9, 9}, {74, 640, 10, 10}, {90, 640, 13, 10}, {106, 640, 16, 10},
        {117, 768, 12, 12}, {140, 768, 15, 12}, {163, 768, 18, 12}, {175, 896, 14, 14}, {196, 896, 16, 14},
        {217, 896, 18, 14}, {251, 1024, 16, 16},
    };

    @Test
    void reproducesTheParameterCountsOfChinchillaTableA9ToThePublishedMillion() {
        for (int[] row : CHINCHILLA_TABLE_A9) {
            long d = row[1];
            int layers = row[2];
            ParamCount count = ParamCount.of(new ModelConfig(layers, row[3], row[1], 2048, 32_000, true));
            long withoutPositions = count.nonEmbedding() + 32_000 * d;
            long relativePositions = layers * (d * d + 2 * d);
            double millions = (withoutPositions + relativePositions) / 1e6;
            assertThat(Math.round(millions)).as("Table A9 row %dM: counted %.3fM", row[0], millions)
                    .isEqualTo(row[0]);
        }
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
