package dev.ladder.data.corpus;

import java.util.Optional;

/** A fixed random process over text from which synthetic corpora are sampled, with a known entropy rate. */
interface SyntheticLanguage {

    /** Characters sampled when the spec gives no {@code chars}. */
    int defaultChars();

    /**
     * Samples at least {@code chars} characters with the sampler seeded by {@code seed}, and the entropy rate of
     * the process in nats per character (exact, or estimated on this sample with its standard error).
     */
    Sample sample(long seed, int chars);

    /** The floor a predictor with {@code contextLength} characters of context can reach; empty when not known. */
    default Optional<ContextFloor> contextFloor(int contextLength) {
        return Optional.empty();
    }

    /** Sampled text and the entropy rate that goes with it. */
    record Sample(String text, EntropyRate entropyRate) { }
}
