package dev.ladder.analysis.fit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.data.InvalidInputException;
import dev.ladder.data.runlog.RunJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The constants of a supervised law L̃(N, D) = E + (A/N^α + B/D^β)^γ (Busbridge et al. 2025, Eq. 1), N counting
 * non-embedding parameters: what the distillation law needs for the student's supervised loss. Given on the command
 * line ({@code E=..,A=..,B=..,alpha=..,beta=..,gamma=..}), read from a fit.json (the fit named "supervised", or any
 * fit whose parameters hold all six names; plain numbers or objects with a {@code value}), or fitted.
 */
public record SupervisedParams(double e, double a, double b, double alpha, double beta, double gamma) {

    /** The parameter names, as in fit.json and on the command line. */
    public static final List<String> NAMES = List.of("E", "A", "B", "alpha", "beta", "gamma");

    /** Published by Busbridge et al. 2025, Table 6 (supervised, 73 runs). */
    public static final SupervisedParams BUSBRIDGE_TABLE6 = new SupervisedParams(1.220, 3355, 18186, 0.408, 0.431,
            0.452);

    public SupervisedParams {
        if (!(e >= 0 && a > 0 && b > 0 && alpha > 0 && beta > 0 && gamma > 0) || !Double.isFinite(e + a + b + alpha
                + beta + gamma)) {
            throw new IllegalArgumentException("supervised law: E must be >= 0 and A, B, alpha, beta, gamma finite "
                    + "and > 0, got " + this.describe(e, a, b, alpha, beta, gamma));
        }
    }

    /** L̃(N, D), nats per token. */
    public double loss(double params, double tokens) {
        return e + Math.pow(a / Math.pow(params, alpha) + b / Math.pow(tokens, beta), gamma);
    }

    /** The parameters by their fit.json names. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("E", e);
        map.put("A", a);
        map.put("B", b);
        map.put("alpha", alpha);
        map.put("beta", beta);
        map.put("gamma", gamma);
        return map;
    }

    @Override
    public String toString() {
        return describe(e, a, b, alpha, beta, gamma);
    }

    private static String describe(double e, double a, double b, double alpha, double beta, double gamma) {
        return String.format(Locale.ROOT, "E=%.6g,A=%.6g,B=%.6g,alpha=%.6g,beta=%.6g,gamma=%.6g", e, a, b, alpha,
                beta, gamma);
    }

    /** From the parameters of a fit (e.g. the supervised law fitted to runs). */
    public static SupervisedParams of(Map<String, Double> parameters) {
        return new SupervisedParams(parameters.get("E"), parameters.get("A"), parameters.get("B"),
                parameters.get("alpha"), parameters.get("beta"), parameters.get("gamma"));
    }

    /**
     * {@code --supervised}: a fit.json file when the text names an existing file or ends in .json, otherwise the six
     * constants as {@code E=..,A=..,B=..,alpha=..,beta=..,gamma=..}.
     */
    public static SupervisedParams parse(String text) {
        if (text.endsWith(".json") || Files.isRegularFile(Path.of(text))) return read(Path.of(text));
        Map<String, Double> values = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair.strip() : pair.substring(0, eq).strip();
            if (!NAMES.contains(key)) throw InvalidInputException.notAllowed("--supervised", "key", key, NAMES);
            if (eq < 0) throw InvalidInputException.outOfRange("--supervised", key, "(no value)", "key=number");
            values.put(key, number("--supervised", key, pair.substring(eq + 1).strip()));
        }
        return checked("--supervised", values);
    }

    /** The supervised law in a fit.json: the fit named "supervised", else the first fit that has all six names. */
    public static SupervisedParams read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--supervised " + file + ": file not found; allowed: a fit.json or "
                    + "E=..,A=..,B=..,alpha=..,beta=..,gamma=..");
        }
        JsonNode root;
        try {
            root = RunJson.MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("--supervised " + file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonNode chosen = null;
        for (JsonNode fit : root.path("fits")) {
            JsonNode p = fit.path("parameters");
            boolean complete = NAMES.stream().allMatch(p::has);
            if (complete && (chosen == null || "supervised".equals(fit.path("law").asText()))) chosen = p;
        }
        if (chosen == null && NAMES.stream().allMatch(root.path("parameters")::has)) chosen = root.path("parameters");
        if (chosen == null) {
            throw new InvalidInputException("--supervised " + file + ": no fit with parameters " + NAMES
                    + "; allowed: a fit.json of `ladder fit --law supervised`");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : NAMES) {
            JsonNode v = chosen.get(name);
            if (v.isObject()) v = v.path("value");
            if (!v.isNumber()) {
                throw InvalidInputException.outOfRange("--supervised " + file, name, v.toString(),
                        "a number or an object with a numeric \"value\"");
            }
            values.put(name, v.asDouble());
        }
        return checked("--supervised " + file, values);
    }

    private static SupervisedParams checked(String source, Map<String, Double> values) {
        for (String name : NAMES) {
            if (!values.containsKey(name)) {
                throw new InvalidInputException(source + ": " + name + " is missing; needed: all of " + NAMES);
            }
            double v = values.get(name);
            boolean ok = name.equals("E") ? v >= 0 : v > 0;
            if (!ok || !Double.isFinite(v)) {
                throw InvalidInputException.outOfRange(source, name, v, name.equals("E") ? "a finite number >= 0"
                        : "a finite number > 0");
            }
        }
        return of(values);
    }

    private static double number(String source, String key, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException ex) {
            throw InvalidInputException.outOfRange(source, key, "\"" + text + "\"", "a number");
        }
    }
}
