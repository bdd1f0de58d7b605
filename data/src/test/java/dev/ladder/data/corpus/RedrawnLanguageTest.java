package dev.ladder.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.ladder.data.InvalidInputException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code synthetic:default?redraw=r}, the fine-tuning target: its stated entropy rate against an estimate from its
 * text, and its relation to the default language growing weaker as r grows.
 */
class RedrawnLanguageTest {

    @TempDir
    Path cache;

    private final WordNgramLanguage base = new WordNgramLanguage();

    @Test
    void redrawZeroIsTheDefaultText() {
        String plain = Corpora.open("synthetic:default?chars=5000", cache).documents().get(0);
        String zero = Corpora.open("synthetic:default?chars=5000&redraw=0", cache).documents().get(0);
        assertThat(zero).isEqualTo(plain);
    }

    /** −ln p of the text, parsed back into words by code independent of the sampler, equals the stated rate. */
    @Test
    void statedRateEqualsMinusLogProbabilityOfTheParsedText() {
        WordNgramLanguage target = new WordNgramLanguage(0.3);
        SyntheticLanguage.Sample sample = target.sample(5, 300_000);
        assertThat(crossEntropy(target, sample.text())).isCloseTo(sample.entropyRate().natsPerChar(), offset(1e-9));
        EntropyRate fresh = target.sample(6, 300_000).entropyRate();
        double combined = Math.hypot(sample.entropyRate().stdError(), fresh.stdError());
        assertThat(Math.abs(sample.entropyRate().natsPerChar() - fresh.natsPerChar())).isLessThan(4 * combined);
    }

    /**
     * The default language's own probabilities code the target text at a cross-entropy above the target's rate
     * (Gibbs' inequality), by more the more rules are redrawn: the languages are related, and tunably so.
     */
    @Test
    void defaultLanguageCodesTheTargetWorseAsMoreRulesAreRedrawn() {
        double previousGap = 0;
        for (double redraw : new double[] {0.1, 0.3, 1.0}) {
            SyntheticLanguage.Sample sample = new WordNgramLanguage(redraw).sample(7, 300_000);
            double gap = crossEntropy(base, sample.text()) - sample.entropyRate().natsPerChar();
            assertThat(gap).as("redraw %s", redraw).isGreaterThan(previousGap);
            previousGap = gap;
        }
    }

    /**
     * About a share r of the rules changes (a redrawn rule may land on its old word, with probability Σ p² of the
     * Zipf law), and the rules changed at r = 0.3 stay changed at r = 0.6.
     */
    @Test
    void redrawnRulesAreNestedAndAboutTheirShare() {
        WordNgramLanguage small = new WordNgramLanguage(0.3);
        WordNgramLanguage large = new WordNgramLanguage(0.6);
        int rules = 0;
        int changedSmall = 0;
        int changedLarge = 0;
        for (int c = 0; c < 2000; c++) {
            int u = (c * 7919) % WordNgramLanguage.VOCAB;
            int v = (c * 104_729 + 13) % WordNgramLanguage.VOCAB;
            for (int slot = 0; slot < 24; slot++) {
                int original = base.successor(u, v, slot);
                boolean smallChanged = small.successor(u, v, slot) != original;
                rules++;
                if (smallChanged) changedSmall++;
                if (large.successor(u, v, slot) != original) changedLarge++;
                if (smallChanged) {
                    assertThat(large.successor(u, v, slot)).isEqualTo(small.successor(u, v, slot));
                }
            }
        }
        assertThat((double) changedSmall / rules).isBetween(0.25, 0.31);
        assertThat((double) changedLarge / rules).isBetween(0.5, 0.61);
    }

    @Test
    void rejectsARedrawOutsideTheUnitIntervalAndOnOtherLanguages() {
        assertThatThrownBy(() -> Corpora.open("synthetic:default?redraw=1.5", cache))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("redraw").hasMessageContaining("1.5")
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Corpora.open("synthetic:markov?redraw=0.3", cache))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("redraw")
                .hasMessageContaining("synthetic:default");
    }

    /** Mean −ln p per character of {@code text} under {@code language}'s probabilities. */
    private static double crossEntropy(WordNgramLanguage language, String text) {
        Map<String, Integer> ranks = new HashMap<>();
        for (int r = 0; r < WordNgramLanguage.VOCAB; r++) ranks.put(language.word(r), r);
        Matcher m = Pattern.compile("([A-Za-z]+)(\\.\\n|\\. |, | )").matcher(text);
        double nats = 0;
        int u = 0;
        int v = 0;
        int end = 0;
        while (m.find()) {
            assertThat(m.start()).isEqualTo(end);
            int w = ranks.get(m.group(1).toLowerCase(Locale.ROOT));
            nats -= Math.log(language.probability(u, v, w) * WordNgramLanguage.separatorProbability(m.group(2)));
            u = v;
            v = w;
            end = m.end();
        }
        assertThat(end).isEqualTo(text.length());
        return nats / text.length();
    }
}
