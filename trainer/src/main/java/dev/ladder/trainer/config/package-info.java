/** Run configuration: JSON files and {@code --set} overrides, read by ConfigLoader into validated records. */
package dev.ladder.trainer.config;
