package dev.ladder.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Jackson's errors in the user's words: the field (as a dotted path), the value and what was expected, without
 * parser internals such as Java class names, {@code Source: ...} or {@code StreamReadFeature} notes.
 */
public final class JsonMessages {

    private JsonMessages() {
    }

    /** One line naming the field, the value and what was wanted, or the parse problem. */
    public static String plain(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
        String at = field.isEmpty() ? "" : "field " + field + ": ";
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field \"" + field + "\"; allowed: " + unknown.getKnownPropertyIds();
        }
        if (e instanceof InvalidFormatException format) {
            return at + "value " + quoted(format.getValue()) + " is not allowed; allowed: " + typeName(format
                    .getTargetType());
        }
        if (e instanceof ValueInstantiationException instantiation) {
            Throwable cause = instantiation.getCause();
            if (cause instanceof NullPointerException && cause.getMessage() != null) {
                return "required field \"" + cause.getMessage() + "\" is missing";
            }
            return at + (cause == null || cause.getMessage() == null ? "invalid value" : cause.getMessage());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return at + "wrong type; allowed: " + typeName(mismatch.getTargetType());
        }
        if (e instanceof InputCoercionException coercion) {
            return at + "number out of range of " + typeName(coercion.getTargetType());
        }
        return at + clean(e.getOriginalMessage());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String quoted(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static String typeName(Class<?> type) {
        if (type == null) return "a value of the documented type";
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).map(Object::toString).toList().toString();
        }
        return "an object";
    }

    /** Drops Jackson's class names and source notes from a parser message. */
    static String clean(String message) {
        if (message == null) return "invalid JSON";
        String m = message;
        int source = m.indexOf("\n at [Source");
        if (source >= 0) m = m.substring(0, source);
        m = m.replaceAll("\\s*\\(`StreamReadFeature[^)]*\\)", "");
        m = m.replaceAll("\\s*\\(for Object starting at[^)]*\\)", "");
        m = m.replaceAll("`[a-z]+(\\.[a-z0-9]+)+\\.([A-Za-z0-9$]+)`", "$2");
        m = m.replaceAll("\\s*\\n.*", "");
        return m.strip();
    }
}
