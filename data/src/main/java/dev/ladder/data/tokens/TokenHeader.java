package dev.ladder.data.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The JSON header beside a token file ({@code train.bin} has {@code train.json}): what the tokens are and how they
 * were made, so that other tools can read the .bin without this code.
 *
 * @param tokenizer        tokenizer spec, e.g. "bpe:512"; its saved form is {@code tokenizer.json} in the same folder
 * @param vocabSize        every token id is in [0, vocabSize)
 * @param dtype            "uint16" (vocabSize ≤ 65536) or "uint32", little-endian
 * @param corpus           corpus spec
 * @param corpusSha256     SHA-256 of the corpus documents (each as its UTF-8 length, 8 bytes big-endian, then bytes)
 * @param tokens           tokens in the .bin file
 * @param chars            characters (code points) of the text these tokens encode
 * @param split            "train" or "val"
 * @param splitBy          "document" (several documents) or "block" (one document cut into 100 blocks)
 * @param valFraction      fraction of documents or blocks held out for validation
 * @param splitSeed        seed of the split
 * @param entropyRate      the corpus entropy rate in nats per character when known (synthetic corpora), else null
 * @param entropyRateError one standard error of entropyRate, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenHeader(String tokenizer, int vocabSize, String dtype, String corpus, String corpusSha256,
                          long tokens, long chars, String split, String splitBy, double valFraction, long splitSeed,
                          Double entropyRate, Double entropyRateError) {

    public TokenHeader {
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(dtype, "dtype");
        if (!dtype.equals("uint16") && !dtype.equals("uint32")) {
            throw new IllegalArgumentException("dtype = \"" + dtype + "\" is not allowed; allowed: [uint16, uint32]");
        }
        if (tokens < 0) throw new IllegalArgumentException("tokens must be >= 0, got " + tokens);
    }

    /** The dtype that holds every id below {@code vocabSize}. */
    public static String dtypeFor(int vocabSize) {
        return vocabSize <= 65_536 ? "uint16" : "uint32";
    }

    /** Bytes per token: 2 for uint16, 4 for uint32. */
    public int bytesPerToken() {
        return dtype.equals("uint16") ? 2 : 4;
    }
}
