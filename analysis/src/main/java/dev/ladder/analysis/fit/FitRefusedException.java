package dev.ladder.analysis.fit;

import dev.ladder.data.InvalidInputException;

/** A fit the data cannot support (too few runs, an IsoFLOP minimum at the edge): invalid input, exit code 2. */
public class FitRefusedException extends InvalidInputException {

    public FitRefusedException(String message) {
        super(message);
    }
}
