package dev.ladder.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.InvalidInputException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a config tree against the config records' components: every key must be a component and every value of
 * the component's type. Ranges are left to the records' own constructors.
 */
final class ConfigSchema {

    private ConfigSchema() {
    }

    static void check(String source, String prefix, JsonNode tree, Class<?> recordType) {
        if (!tree.isObject()) {
            throw InvalidInputException.notAllowed(source, prefix.isEmpty() ? "config" : prefix.substring(0,
                    prefix.length() - 1), tree, "an object with keys " + ConfigLoader.componentNames(recordType));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix + field.getKey();
            RecordComponent component = Arrays.stream(recordType.getRecordComponents())
                    .filter(c -> c.getName().equals(field.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException(source + ": unknown config key \"" + path
                            + "\"; allowed: " + ConfigLoader.componentNames(recordType)));
            checkValue(source, path, field.getValue(), component.getGenericType());
        }
    }

    private static void checkValue(String source, String path, JsonNode value, Type genericType) {
        if (genericType instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (!value.isArray()) throw wrongType(source, path, value, "a list [...]");
            for (int i = 0; i < value.size(); i++) {
                checkValue(source, path + "[" + i + "]", value.get(i), list.getActualTypeArguments()[0]);
            }
            return;
        }
        Class<?> type = (Class<?>) genericType;
        if (value.isNull() && !type.isPrimitive()) {
            return;
        } else if (type == JsonNode.class) {
            if (!value.isObject()) throw wrongType(source, path, value, "an object {...}");
        } else if (type.isRecord()) {
            check(source, path + ".", value, type);
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            boolean whole = value.isIntegralNumber()
                    || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
            if (!whole) throw wrongType(source, path, value, "a whole number");
            if (type == int.class && !value.canConvertToInt()) {
                throw InvalidInputException.outOfRange(source, path, value,
                        "a whole number up to " + Integer.MAX_VALUE);
            }
            if (!value.canConvertToLong()) {
                throw InvalidInputException.outOfRange(source, path, value, "a whole number up to " + Long.MAX_VALUE);
            }
        } else if (type == double.class || type == Double.class) {
            if (!value.isNumber()) throw wrongType(source, path, value, "a number");
        } else if (type == boolean.class) {
            if (!value.isBoolean()) throw wrongType(source, path, value, "true or false");
        } else if (type == String.class) {
            if (!value.isTextual() && !value.isNull()) throw wrongType(source, path, value, "a string");
        } else if (type.isEnum()) {
            checkEnum(source, path, value, type);
        } else {
            throw new IllegalStateException("config component " + path + " has unsupported type " + type);
        }
    }

    private static void checkEnum(String source, String path, JsonNode value, Class<?> type) {
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
        boolean ok = value.isTextual() && allowed.stream().anyMatch(a -> a.equalsIgnoreCase(value.asText()));
        if (!ok) {
            throw InvalidInputException.notAllowed(source, path, value.isTextual() ? value.asText() : value, allowed);
        }
    }

    private static InvalidInputException wrongType(String source, String path, JsonNode value, String expected) {
        return new InvalidInputException(source + ": " + path + " = " + value + " has the wrong type; allowed: "
                + expected);
    }
}
