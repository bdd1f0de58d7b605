package dev.ladder.data.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tiktoken:<encoding>}: OpenAI's pretrained BPE encodings through jtokkit (bundled, no download). Special
 * tokens are not recognised in the text: {@code <|endoftext|>} encodes as ordinary text.
 */
public final class TiktokenTokenizer implements Tokenizer {

    /** Encoding name to n_vocab (the largest token id + 1, special tokens included), as tiktoken reports it. */
    static final Map<String, Integer> VOCAB_SIZES = new TreeMap<>(Map.of(
            "r50k_base", 50_257,
            "p50k_base", 50_281,
            "cl100k_base", 100_277,
            "o200k_base", 200_019));

    private final String name;
    private final Encoding encoding;

    TiktokenTokenizer(String name) {
        this.name = name;
        EncodingType type = EncodingType.fromName(name).orElseThrow(() ->
                new IllegalArgumentException("unknown tiktoken encoding " + name));
        this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(type);
    }

    @Override
    public String spec() {
        return "tiktoken:" + name;
    }

    @Override
    public int vocabSize() {
        return VOCAB_SIZES.get(name);
    }

    @Override
    public int[] encode(String text) {
        WellFormedText.require(spec(), text);
        return encoding.encodeOrdinary(text).toArray();
    }

    @Override
    public String decode(int[] tokens) {
        IntArrayList list = new IntArrayList(tokens.length);
        for (int t : tokens) {
            list.add(t);
        }
        return encoding.decode(list);
    }

    @Override
    public void save(Path file) {
        ObjectNode json = TokenizerJson.MAPPER.createObjectNode();
        json.put("spec", spec());
        TokenizerJson.write(file, json);
    }
}
