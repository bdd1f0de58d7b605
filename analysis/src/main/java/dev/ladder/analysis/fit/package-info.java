/** Scaling laws (Chinchilla approaches 1-3, Kaplan forms, data-constrained), their fits, bootstrap and holdout. */
package dev.ladder.analysis.fit;
