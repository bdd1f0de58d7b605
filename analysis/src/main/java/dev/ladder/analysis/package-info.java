/** Reads run directories and fits scaling laws to their losses; never depends on the trainer or ND4J. */
package dev.ladder.analysis;
