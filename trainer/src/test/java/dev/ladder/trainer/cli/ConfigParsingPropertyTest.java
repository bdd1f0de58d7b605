package dev.ladder.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.trainer.config.ConfigLoader;
import dev.ladder.trainer.config.RunConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random mutations of a valid run config (a key set to a value of any JSON type and size, a key misspelt or added,
 * a section replaced) are either accepted or refused the way the CLI refuses them: through
 * {@link LadderCommand#handle}, always exit code 2 (never 4, the code for a bug), one line without a stack trace or
 * Java class names, naming the key that was changed (or, for a key added under a value, that value's key).
 */
class ConfigParsingPropertyTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Every leaf key of a full config ("model.nLayer", "optim.schedule", ...), read from the defaults. */
    private static final List<String> KEYS = leaves("", ConfigLoader.toJson(RunConfig.defaults()));

    @Property(tries = 400)
    void aChangedValueIsAcceptedOrRefusedNamingTheKey(@ForAll("keys") String key, @ForAll("values") JsonNode value)
            throws IOException {
        ObjectNode config = (ObjectNode) ConfigLoader.MAPPER.readTree(BadInputCase.TINY);
        put(config, key, value);
        checkLoads(config, key.substring(key.lastIndexOf('.') + 1));
    }

    @Property(tries = 100)
    void aMisspeltOrUnknownKeyIsRefusedNamingIt(@ForAll("keys") String key, @ForAll("suffixes") String suffix)
            throws IOException {
        ObjectNode config = (ObjectNode) ConfigLoader.MAPPER.readTree(BadInputCase.TINY);
        put(config, key + suffix, JSON.numberNode(1));
        Outcome outcome = load(config);
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCode.INVALID_INPUT);
        String leaf = (key + suffix).substring((key + suffix).lastIndexOf('.') + 1);
        assertThat(outcome.message()).as("names %s or %s", leaf, key).containsAnyOf(leaf, key).contains("allowed");
    }

    @Property(tries = 100)
    void aSectionReplacedByAnyValueIsAcceptedOrRefusedNamingIt(@ForAll("sections") String section,
                                                                @ForAll("values") JsonNode value) throws IOException {
        ObjectNode config = (ObjectNode) ConfigLoader.MAPPER.readTree(BadInputCase.TINY);
        config.set(section, value);
        checkLoads(config, section);
    }

    private static void checkLoads(ObjectNode config, String key) throws IOException {
        Outcome outcome = load(config);
        if (outcome.exitCode() == ExitCode.OK) return;
        assertThat(outcome.exitCode()).as(outcome.message()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(outcome.message()).contains(key).contains("config.json");
        assertThat(outcome.message().strip().lines().count()).as(outcome.message()).isEqualTo(1);
        assertThat(outcome.message()).doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("dev.ladder").doesNotContain("Source:").doesNotContain("java.");
    }

    private record Outcome(int exitCode, String message) { }

    private static Outcome load(ObjectNode config) throws IOException {
        Path file = Files.createTempFile("config", ".json");
        Path named = Files.move(file, file.resolveSibling(file.getFileName() + "-config.json"));
        try {
            Files.writeString(named, config.toString());
            ConfigLoader.load(named, List.of());
            return new Outcome(ExitCode.OK, "");
        } catch (RuntimeException e) {
            StringWriter err = new StringWriter();
            int code = LadderCommand.handle(e, new PrintWriter(err), false);
            return new Outcome(code, err.toString());
        } finally {
            Files.deleteIfExists(named);
        }
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of(KEYS);
    }

    @Provide
    Arbitrary<String> sections() {
        return Arbitraries.of("model", "optim", "train", "data", "seed", "runId", "description");
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.of("s", "_", "X", ".extra", "Typo");
    }

    @Provide
    Arbitrary<JsonNode> values() {
        Arbitrary<JsonNode> numbers = Arbitraries.oneOf(
                Arbitraries.integers().between(-3, 3).map(i -> (JsonNode) JSON.numberNode(i)),
                Arbitraries.integers().map(i -> (JsonNode) JSON.numberNode(i)),
                Arbitraries.longs().map(l -> (JsonNode) JSON.numberNode(l)),
                Arbitraries.doubles().map(d -> (JsonNode) JSON.numberNode(d)),
                Arbitraries.of(1e30, -1e30, 1e-30, 0.5, -0.0, 3.0, 9.3e18).map(d -> (JsonNode) JSON.numberNode(d)));
        Arbitrary<JsonNode> strings = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (JsonNode) JSON.textNode(s)),
                Arbitraries.of("", "cosine", "WSD", "bpe:0", "bpe:300", "char", "tiktoken:nope", "synthetic:nope",
                        "file:/nonexistent", "web:x", "cpu", "CUDA", "fast", "12", "true")
                        .map(s -> (JsonNode) JSON.textNode(s)));
        Arbitrary<JsonNode> others = Arbitraries.of(JSON.booleanNode(true), JSON.booleanNode(false), JSON.nullNode(),
                JSON.arrayNode(), array(1, "a"), JSON.objectNode(), object("nLayer", 2));
        return Arbitraries.oneOf(numbers, strings, others);
    }

    private static JsonNode array(int number, String text) {
        ArrayNode array = JSON.arrayNode();
        array.add(number);
        array.add(text);
        return array;
    }

    private static JsonNode object(String key, int value) {
        ObjectNode object = JSON.objectNode();
        object.put(key, value);
        return object;
    }

    /** Sets {@code a.b.c} in {@code root}, creating (or replacing non-objects by) objects on the way. */
    private static void put(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }

    private static List<String> leaves(String prefix, JsonNode node) {
        List<String> keys = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix + field.getKey();
            if (field.getValue().isObject()) keys.addAll(leaves(path + ".", field.getValue()));
            else keys.add(path);
        }
        return List.copyOf(keys);
    }
}
