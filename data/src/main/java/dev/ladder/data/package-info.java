/** Corpora, tokenizers, token files, batch sampling and the run-log schema shared by trainer and analysis. */
package dev.ladder.data;
