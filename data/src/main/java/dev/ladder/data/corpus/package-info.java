/** Corpus sources (synthetic, file, JSONL, Gutenberg) behind one interface, opened from a spec string. */
package dev.ladder.data.corpus;
