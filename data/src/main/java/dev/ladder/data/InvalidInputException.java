package dev.ladder.data;

/**
 * Bad input from the user (a config, a CLI argument, a corpus, a log file): the CLI maps it to exit code 2.
 *
 * <p>Every message names the source, the field, the bad value and what is allowed, e.g.
 * {@code configs/ladder.json: optim.schedule = "cosin" is not allowed; allowed: [CONSTANT, COSINE, WSD]}.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code source: field = value is out of range; allowed: allowed}. */
    public static InvalidInputException outOfRange(String source, String field, Object value, String allowed) {
        return new InvalidInputException(prefix(source) + field + " = " + value + " is out of range; allowed: "
                + allowed);
    }

    /** {@code source: field = "value" is not allowed; allowed: allowed}. */
    public static InvalidInputException notAllowed(String source, String field, Object value, Object allowed) {
        return new InvalidInputException(prefix(source) + field + " = \"" + value + "\" is not allowed; allowed: "
                + allowed);
    }

    private static String prefix(String source) {
        return source == null || source.isEmpty() ? "" : source + ": ";
    }
}
