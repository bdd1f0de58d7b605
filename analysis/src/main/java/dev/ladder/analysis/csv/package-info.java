/** RFC 4180 CSV lines: quoting on write, quote-aware splitting on read. */
package dev.ladder.analysis.csv;
