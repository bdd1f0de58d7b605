/** Ladders: the built-in shapes, planning rungs from a ladder config, running them in worker processes, Slurm. */
package dev.ladder.trainer.ladder;
