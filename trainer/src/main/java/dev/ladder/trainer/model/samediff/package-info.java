/** The reference engine: the GPT as a SameDiff graph, whose automatic gradients check the fast engine. */
package dev.ladder.trainer.model.samediff;
