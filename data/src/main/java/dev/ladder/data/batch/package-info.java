/** Seeded, resumable sampling of training batches and fixed validation batches from a token file. */
package dev.ladder.data.batch;
