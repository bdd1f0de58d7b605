/**
 * The fast engine: a hand-written forward and backward pass of the GPT over ND4J arrays, with its kernels as
 * vectorised Java loops on the CPU and as ND4J operations on any backend.
 */
package dev.ladder.trainer.model.fast;
