/** The run directory contract: run.json, metrics.jsonl and summary.json, with their writer and reader. */
package dev.ladder.data.runlog;
