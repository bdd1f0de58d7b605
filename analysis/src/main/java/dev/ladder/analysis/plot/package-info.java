/** The report's figures, one class per figure, each writing a PNG and a CSV of exactly the data it plots. */
package dev.ladder.analysis.plot;
