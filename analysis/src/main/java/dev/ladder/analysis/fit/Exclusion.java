package dev.ladder.analysis.fit;

/** A run left out of a fit and why, e.g. {@code (tiny-L8-d256-s1, "status diverged")}. */
public record Exclusion(String runId, String reason) {
}
