package dev.ladder.data.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.data.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Train/val splits: deterministic, by document or by block, nothing lost. */
class CorpusSplitTest {

    private static List<String> documents(int n) {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            docs.add("doc" + i);
        }
        return docs;
    }

    @Test
    void splitsSeveralDocumentsWholeAndDeterministically() {
        CorpusSplit split = CorpusSplit.of(documents(20), 0.1, 7);
        assertThat(split.splitBy()).isEqualTo("document");
        assertThat(split.val().split("\n")).hasSize(2);
        assertThat(split.train().split("\n")).hasSize(18);
        assertThat(CorpusSplit.of(documents(20), 0.1, 7)).isEqualTo(split);
        assertThat(CorpusSplit.of(documents(20), 0.1, 8).val()).isNotEqualTo(split.val());
    }

    @Test
    void keepsAtLeastOneDocumentOnEachSide() {
        CorpusSplit split = CorpusSplit.of(documents(2), 0.01, 1);
        assertThat(split.train()).isNotEmpty();
        assertThat(split.val()).isNotEmpty();
    }

    @Test
    void splitsOneDocumentByBlocksLosingNothing() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append(i).append(' ');
        }
        CorpusSplit split = CorpusSplit.of(List.of(text.toString()), 0.2, 3);
        assertThat(split.splitBy()).isEqualTo("block");
        assertThat(split.train().length() + split.val().length()).isEqualTo(text.length());
        assertThat((double) split.val().length() / text.length()).isBetween(0.18, 0.22);
    }

    @Test
    void refusesValFractionOutsideRange() {
        assertThatThrownBy(() -> CorpusSplit.of(documents(3), 0.9, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("valFraction = 0.9")
                .hasMessageContaining("[0.01, 0.5]");
    }
}
