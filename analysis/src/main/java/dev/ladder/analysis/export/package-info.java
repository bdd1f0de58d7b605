/** The tidy dataset: one row per run per logged step, with run metadata, as CSV or JSON Lines. */
package dev.ladder.analysis.export;
