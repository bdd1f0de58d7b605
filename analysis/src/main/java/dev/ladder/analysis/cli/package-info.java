/** The analysis subcommands of the {@code ladder} CLI (fit, export, report); the root command registers them. */
package dev.ladder.analysis.cli;
