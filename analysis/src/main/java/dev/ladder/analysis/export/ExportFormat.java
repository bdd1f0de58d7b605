package dev.ladder.analysis.export;

/** File formats of the tidy dataset; constants are spelled as typed on the command line. */
public enum ExportFormat {
    csv, jsonl
}
