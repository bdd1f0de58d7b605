package dev.ladder.analysis.fit;

/**
 * Which parameter count N means: {@code total} (Chinchilla) or {@code nonEmbedding} (Kaplan). Constants are spelled
 * as typed on the command line.
 */
public enum ParamCount {
    total, nonEmbedding
}
