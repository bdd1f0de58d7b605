/** Tokenizers (char, byte-level BPE, tiktoken) that round-trip text exactly and save themselves as JSON. */
package dev.ladder.data.tokenizer;
