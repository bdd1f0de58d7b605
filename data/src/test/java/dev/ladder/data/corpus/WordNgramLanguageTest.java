package dev.ladder.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The default synthetic language: normalised probabilities and a stated entropy rate checked independently. */
class WordNgramLanguageTest {

    private final WordNgramLanguage language = new WordNgramLanguage();

    @Test
    void nextWordProbabilitiesSumToOneInEveryContextTried() {
        int[][] contexts = {{0, 0}, {0, 1}, {5, 17}, {4095, 12}, {300, 2999}};
        for (int[] c : contexts) {
            double sum = 0;
            for (int w = 0; w < WordNgramLanguage.VOCAB; w++) {
                sum += language.probability(c[0], c[1], w);
            }
            assertThat(sum).as("context %d %d", c[0], c[1]).isCloseTo(1.0, offset(1e-9));
        }
    }

    /**
     * Parses the text back into words and separators (with code independent of the sampler) and sums −ln p of each
     * choice: the result must equal the stated rate, which shows the text determines its derivation.
     */
    @Test
    void statedRateEqualsMinusLogProbabilityOfTheParsedText() {
        assertStatedRateMatchesParsedText(language, WordNgramLanguage.VOCAB);
    }

    @Test
    void aSmallerVocabularyIsNormalisedAndDerivesItsTextFromItsOwnWords() {
        WordNgramLanguage small = new WordNgramLanguage(0, 256);
        for (int[] c : new int[][] {{0, 0}, {5, 17}, {255, 12}}) {
            double sum = 0;
            for (int w = 0; w < 256; w++) {
                sum += small.probability(c[0], c[1], w);
            }
            assertThat(sum).as("context %d %d", c[0], c[1]).isCloseTo(1.0, offset(1e-9));
        }
        assertStatedRateMatchesParsedText(small, 256);
    }

    /**
     * Order 2: the word before the last no longer matters, every context still sums to 1, the stated rate is the
     * parsed text's, and the rules it keeps are the order-3 language's bigram rules.
     */
    @Test
    void theBigramLanguageIgnoresTheWordBeforeTheLastAndKeepsItsRate() {
        WordNgramLanguage bigram = new WordNgramLanguage(0, 128, 2);
        WordNgramLanguage trigram = new WordNgramLanguage(0, 128);
        for (int w = 0; w < 128; w++) {
            assertThat(bigram.probability(3, 17, w)).as("word %d", w)
                    .isCloseTo(bigram.probability(90, 17, w), offset(1e-15));
        }
        double sum = 0;
        for (int w = 0; w < 128; w++) sum += bigram.probability(5, 17, w);
        assertThat(sum).isCloseTo(1.0, offset(1e-9));
        for (int slot = 0; slot < WordNgramLanguage.BIGRAM_SUCCESSORS; slot++) {
            assertThat(bigram.successor(0, 17, slot)).isEqualTo(trigram.successor(0, 17, slot));
        }
        assertThat(bigram.slotWeight(WordNgramLanguage.BIGRAM_SUCCESSORS)).isZero();
        assertStatedRateMatchesParsedText(bigram, 128);
    }

    @Test
    void theFullVocabularyGivesExactlyTheDefaultText() {
        assertThat(new WordNgramLanguage(0, WordNgramLanguage.VOCAB).sample(3, 5_000).text())
                .isEqualTo(language.sample(3, 5_000).text());
    }

    /**
     * Parses the text back into words and separators (with code independent of the sampler) and sums −ln p of each
     * choice: the result must equal the stated rate, which shows the text determines its derivation. Every word must
     * be one of the language's {@code vocab} words.
     */
    private static void assertStatedRateMatchesParsedText(WordNgramLanguage language, int vocab) {
        SyntheticLanguage.Sample sample = language.sample(11, 200_000);
        Map<String, Integer> ranks = new HashMap<>();
        for (int r = 0; r < vocab; r++) {
            ranks.put(language.word(r), r);
        }
        Matcher m = Pattern.compile("([A-Za-z]+)(\\.\\n|\\. |, | )").matcher(sample.text());
        double nats = 0;
        int u = 0;
        int v = 0;
        int end = 0;
        while (m.find()) {
            assertThat(m.start()).isEqualTo(end);
            Integer w = ranks.get(m.group(1).toLowerCase(Locale.ROOT));
            assertThat(w).as("word \"%s\" in the vocabulary of %d", m.group(1), vocab).isNotNull();
            nats -= Math.log(language.probability(u, v, w) * WordNgramLanguage.separatorProbability(m.group(2)));
            u = v;
            v = w;
            end = m.end();
        }
        assertThat(end).isEqualTo(sample.text().length());
        assertThat(nats / sample.text().length()).isCloseTo(sample.entropyRate().natsPerChar(), offset(1e-9));
    }

    @Test
    void freshSampleWithAnotherSeedAgreesWithinTheErrorBars() {
        EntropyRate stated = language.sample(1, 2_000_000).entropyRate();
        EntropyRate fresh = language.sample(2, 2_000_000).entropyRate();
        double combined = Math.hypot(stated.stdError(), fresh.stdError());
        assertThat(stated.stdError()).isPositive().isLessThan(0.01);
        assertThat(Math.abs(stated.natsPerChar() - fresh.natsPerChar())).isLessThan(4 * combined);
    }

    /** A compressor is a code, so its rate bounds the entropy rate from above. */
    @Test
    void deflateRateIsAnUpperBound() {
        SyntheticLanguage.Sample sample = language.sample(3, 1_000_000);
        byte[] input = sample.text().getBytes(StandardCharsets.US_ASCII);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(input);
        deflater.finish();
        byte[] buffer = new byte[input.length];
        long compressed = 0;
        while (!deflater.finished()) {
            compressed += deflater.deflate(buffer);
        }
        deflater.end();
        double deflateNatsPerChar = compressed * 8 * Math.log(2) / input.length;
        assertThat(sample.entropyRate().natsPerChar()).isPositive().isLessThan(deflateNatsPerChar);
    }

    @Test
    void frequentWordsAreShortAndSpellingsUnique() {
        assertThat(language.word(0).length()).isLessThan(language.word(WordNgramLanguage.VOCAB - 1).length());
        Map<String, Integer> seen = new HashMap<>();
        for (int r = 0; r < WordNgramLanguage.VOCAB; r++) {
            assertThat(seen.put(language.word(r), r)).isNull();
            assertThat(language.word(r)).matches("[a-z]+");
        }
    }
}
