/** The HTML report of a ladder: fits every law, draws every figure and writes one self-contained page. */
package dev.ladder.analysis.report;
