/** Token files (nanoGPT layout: little-endian .bin plus a JSON header) and their cache keyed by content hash. */
package dev.ladder.data.tokens;
