/** Reads run directories (run.json, metrics.jsonl, summary.json) into {@link dev.ladder.analysis.run.RunData}. */
package dev.ladder.analysis.run;
