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

    /**
     * The context floor against brute force: enumerate every window x_0..x_T of the stationary chain with its
     * probability π(x_0 x_1)·Π P(x_k | x_{k-2} x_{k-1}), take the joint entropies H(X_0..X_k) of its prefixes, and
     * average the conditional entropies H(X_k | X_<k) = H(X_0..X_k) − H(X_0..X_{k-1}) over k = 1..T. Nothing here
     * uses the Markov property to shorten the conditioning.
     */
    @Test
    void contextFloorEqualsTheMeanConditionalEntropyOfEnumeratedWindows() {
        int a = CharMarkovChain.ALPHABET.length();
        int context = 4;
        double[] joint = new double[a * a];
        for (int x0 = 0; x0 < a; x0++) {
            for (int x1 = 0; x1 < a; x1++) joint[x0 * a + x1] = chain.stationary(x0, x1);
        }
        double[] single = new double[a];
        for (int i = 0; i < joint.length; i++) single[i / a] += joint[i];
        double[] prefixEntropy = new double[context + 1];
        prefixEntropy[0] = entropy(single);
        prefixEntropy[1] = entropy(joint);
        for (int k = 2; k <= context; k++) {
            double[] longer = new double[joint.length * a];
            for (int i = 0; i < joint.length; i++) {
                int b = i % a;
                int before = (i / a) % a;
                for (int c = 0; c < a; c++) longer[i * a + c] = joint[i] * chain.transition(before, b, c);
            }
            joint = longer;
            prefixEntropy[k] = entropy(joint);
        }
        double sum = 0;
        for (int k = 1; k <= context; k++) sum += prefixEntropy[k] - prefixEntropy[k - 1];
        ContextFloor floor = chain.contextFloor(context).orElseThrow();
        assertThat(floor.natsPerChar()).isCloseTo(sum / context, offset(1e-9));
        assertThat(floor.stdError()).isZero();
        assertThat(floor.natsPerChar()).isGreaterThan(chain.sample(1, 1000).entropyRate().natsPerChar());
        double rate = chain.sample(1, 1000).entropyRate().natsPerChar();
        assertThat(chain.contextFloor(1000).orElseThrow().natsPerChar()).isCloseTo(rate, offset(1e-3));
    }

    @Test
    void theFloorIsFoundFromTheSpecAndOnlyForLanguagesThatComputeIt() {
        assertThat(Corpora.contextFloor("synthetic:markov?chars=5000", 64)).contains(chain.contextFloor(64).get());
        assertThat(Corpora.contextFloor("file:x.txt", 64)).isEmpty();
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double q : p) h -= q > 0 ? q * Math.log(q) : 0;
        return h;
    }

    private static int index(String text, int i) {
        return CharMarkovChain.ALPHABET.indexOf(text.charAt(i));
    }
}
