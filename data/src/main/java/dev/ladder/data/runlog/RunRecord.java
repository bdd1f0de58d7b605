package dev.ladder.data.runlog;

/**
 * One line of {@code metrics.jsonl}. Every line carries {@code schemaVersion} and {@code type}; losses are mean
 * cross-entropy in nats per token. README §Run-log schema documents every field with its type and unit.
 */
public sealed interface RunRecord permits StepRecord, EvalRecord {

    /** The metrics.jsonl schema version this code writes; the reader accepts 1..CURRENT_VERSION. */
    int CURRENT_VERSION = 1;

    /** The JSON {@code type} of this record: "step" or "eval". */
    String type();

    String runId();

    /** Optimizer step after which the record was taken (1-based: step 1 is after the first update). */
    long step();

    /** Training tokens consumed up to and including this step. */
    long tokens();
}
