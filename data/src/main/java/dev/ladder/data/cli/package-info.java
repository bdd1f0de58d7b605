/** The {@code ladder corpus} subcommands: stats, prepare and fetch. */
package dev.ladder.data.cli;
