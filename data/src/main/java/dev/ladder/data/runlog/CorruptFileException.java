package dev.ladder.data.runlog;

import dev.ladder.data.InvalidInputException;

/**
 * A run-directory file that is not valid JSON, typically cut short by a crash or a full disk: readers that can
 * recover (treat the run as unfinished, move the file aside) catch this one, while other invalid input (an unknown
 * schema version) stays an error.
 */
public final class CorruptFileException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public CorruptFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
