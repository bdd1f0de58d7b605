package dev.ladder.analysis.fit;

/**
 * The bookkeeping choices that change fitted exponents, recorded with every fit (DESIGN.md).
 *
 * @param params             what N counts: "total", "nonEmbedding", or the CSV column it came from
 * @param flops              what C counts: "kaplan", "exact", or the CSV column / "6ND"
 * @param flopsPerParamToken k in C = k·N·D used by the closed-form allocation (median over runs)
 * @param warmupExcluded     whether eval points with tokens &lt; warmupTokens were dropped
 * @param huberDelta         δ of the Huber loss on log residuals
 */
public record Conventions(String params, String flops, double flopsPerParamToken, boolean warmupExcluded,
                          double huberDelta) {
}
