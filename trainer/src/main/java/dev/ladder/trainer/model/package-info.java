/** The GPT model: its shape, parameter layout and counts, FLOPs per token, batches and the engine interface. */
package dev.ladder.trainer.model;
