/** Training one run: learning-rate schedule, AdamW, checkpoints, the training loop and the run directory it writes. */
package dev.ladder.trainer.train;
