/** The GPT model: its shape, parameter layout and counts, FLOPs per token, and the SameDiff graph. */
package dev.ladder.trainer.model;
