package dev.ladder.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order-2 Markov chain: a valid transition table and an exact entropy rate that samples confirm. */
class CharMarkovChainTest {

    private final CharMarkovChain chain = new CharMarkovChain();

    @Test
    void transitionRowsSumToOne() {
        int a = CharMarkovChain.ALPHABET.length();
        for (int x = 0; x < a; x++) {
            for (int y = 0; y < a; y++) {
                double sum = 0;
                for (int z = 0; z < a; z++) {
                    assertThat(chain.transition(x, y, z)).isPositive();
                    sum += chain.transition(x, y, z);
                }
                assertThat(sum).isCloseTo(1.0, offset(1e-12));
            }
        }
    }

    /**
     * The exact rate (stationary distribution × conditional entropies) against an independent estimate that knows
     * nothing of the chain: the plug-in conditional entropy H(X3 | X1 X2) of a long sample, with the Miller–Madow
     * bias correction. The tolerance is 5 standard errors of the sample mean of −ln P(c | ab) (batch means).
     */
    @Test
    void exactEntropyRateMatchesPlugInEstimateOnALongSample() {
        SyntheticLanguage.Sample sample = chain.sample(42, 2_000_000);
        String text = sample.text();
        Map<String, Integer> triples = new HashMap<>();
        Map<String, Integer> pairs = new HashMap<>();
        for (int i = 0; i + 2 < text.length(); i++) {
            triples.merge(text.substring(i, i + 3), 1, Integer::sum);
            pairs.merge(text.substring(i, i + 2), 1, Integer::sum);
        }
        int n = text.length() - 2;
        double plugIn = entropy(triples, n) - entropy(pairs, n) + (triples.size() - pairs.size()) / (2.0 * n);
        double exact = sample.entropyRate().natsPerChar();
        assertThat(sample.entropyRate().stdError()).isZero();
        assertThat(Math.abs(plugIn - exact)).isLessThan(5 * batchStandardError(text));
        assertThat(exact).isBetween(1.0, Math.log(CharMarkovChain.ALPHABET.length()));
    }

    @Test
    void sampleIsDeterministicPerSeed() {
        assertThat(chain.sample(7, 5000).text()).isEqualTo(new CharMarkovChain().sample(7, 5000).text());
        assertThat(chain.sample(7, 5000).text()).isNotEqualTo(chain.sample(8, 5000).text());
        assertThat(chain.sample(7, 5000).text()).hasSize(5000);
    }

    private static double entropy(Map<String, Integer> counts, int n) {
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / n;
            h -= p * Math.log(p);
        }
        return h;
    }

    /** Standard error of the mean of −ln P(c | ab) over the sample, from 50 batch means. */
    private double batchStandardError(String text) {
        int batches = 50;
        int size = (text.length() - 2) / batches;
        double[] means = new double[batches];
        for (int b = 0; b < batches; b++) {
            double sum = 0;
            for (int i = b * size; i < (b + 1) * size; i++) {
                sum -= Math.log(chain.transition(index(text, i), index(text, i + 1), index(text, i + 2)));
            }
            means[b] = sum / size;
        }
        double mean = Arrays.stream(means).average().orElseThrow();
        double ss = Arrays.stream(means).map(m -> (m - mean) * (m - mean)).sum();
        return Math.sqrt(ss / (batches * (batches - 1.0)));
    }

    private static int index(String text, int i) {
        return CharMarkovChain.ALPHABET.indexOf(text.charAt(i));
    }
}
