package dev.ladder.trainer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.JsonMessages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The only code that reads run config files. A file holds only what differs from {@link RunConfig#defaults()};
 * {@code --set key=value} overrides are applied on top. Unknown keys and wrong types are refused naming the source,
 * the field, the value and what is allowed; each record then checks its own ranges.
 */
public final class ConfigLoader {

    /** Reads configs; enum values are accepted in any case ("cosine" or "COSINE"). */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigLoader() {
    }

    /** Loads {@code file} (null = defaults only) and applies {@code overrides} of the form {@code optim.lr=3e-4}. */
    public static RunConfig load(Path file, List<String> overrides) {
        if (file == null) return load("defaults", JsonNodeFactory.instance.objectNode(), overrides);
        return load(file.toString(), readTree(file), overrides);
    }

    /**
     * Builds a run config from {@code tree} (keys as in a run config file; e.g. a ladder's {@code run} section or a
     * plan's rung) read from {@code source}, with {@code overrides} applied on top.
     */
    public static RunConfig load(String source, JsonNode tree, List<String> overrides) {
        ObjectNode resolved = (ObjectNode) MAPPER.valueToTree(RunConfig.defaults());
        JsonNode given = tree == null ? JsonNodeFactory.instance.objectNode() : tree;
        ConfigSchema.check(source, "", given, RunConfig.class);
        merge(resolved, (ObjectNode) given.deepCopy());
        for (String override : overrides) {
            String where = "--set " + override;
            ObjectNode overrideTree = parseOverride(where, override);
            ConfigSchema.check(where, "", overrideTree, RunConfig.class);
            merge(resolved, overrideTree);
        }
        return build(source + (overrides.isEmpty() ? "" : " with " + overrides), resolved, RunConfig.class);
    }

    /** Loads a ladder config file: unknown keys and wrong types are refused like a run config's. */
    public static LadderConfig loadLadder(Path file) {
        JsonNode tree = readTree(file);
        ConfigSchema.check(file.toString(), "", tree, LadderConfig.class);
        LadderConfig ladder = build(file.toString(), tree, LadderConfig.class);
        load(file + ": run", ladder.run(), List.of());
        return ladder;
    }

    /** The resolved config as a JSON tree (what run.json stores under {@code config}). */
    public static JsonNode toJson(RunConfig config) {
        return MAPPER.valueToTree(config);
    }

    private static <T> T build(String source, JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof InvalidInputException)) cause = cause.getCause();
            if (cause != null) throw new InvalidInputException(source + ": " + cause.getMessage(), cause);
            throw new InvalidInputException(source + ": " + JsonMessages.plain(e), e);
        }
    }

    private static JsonNode readTree(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + ": is a folder; allowed: a JSON config file, e.g."
                    + " configs/tiny.json");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": config file not found");
        }
        try {
            JsonNode tree = MAPPER.readTree(file.toFile());
            if (tree == null || !tree.isObject()) {
                throw new InvalidInputException(file + ": a config must be a JSON object {...}");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + JsonMessages.plain(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config " + file, e);
        }
    }

    /** {@code a.b=value} as the tree {@code {"a": {"b": value}}}; the value is JSON if it parses, else a string. */
    static ObjectNode parseOverride(String where, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw InvalidInputException.notAllowed(where, "--set", override, "key=value, e.g. optim.lr=3e-4");
        }
        String[] path = override.substring(0, eq).strip().split("\\.");
        JsonNode value = parseValue(override.substring(eq + 1).strip());
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) node = node.putObject(path[i]);
        node.set(path[path.length - 1], value);
        return root;
    }

    private static JsonNode parseValue(String text) {
        try {
            JsonNode parsed = MAPPER.readTree(text);
            if (parsed != null && parsed.isValueNode()) return parsed;
        } catch (JsonProcessingException e) {
            // not JSON: a bare word such as cosine or synthetic:default is a string
        }
        return TextNode.valueOf(text);
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode sourceObject) {
                merge(existingObject, sourceObject);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    /** Component names of a record type, for "allowed" lists. */
    static List<String> componentNames(Class<?> recordType) {
        return Arrays.stream(recordType.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
