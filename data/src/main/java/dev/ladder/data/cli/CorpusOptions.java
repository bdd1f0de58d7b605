package dev.ladder.data.cli;

import dev.ladder.data.InvalidInputException;
import dev.ladder.data.tokenizer.Tokenizers;
import dev.ladder.data.tokens.CorpusSplit;

/** Checks of the corpus commands' options, naming the option in the message. */
final class CorpusOptions {

    private CorpusOptions() {
    }

    /** The {@code --tokenizer} spec, checked and stripped. */
    static String tokenizer(String spec) {
        try {
            return Tokenizers.validate(spec);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("command line: --tokenizer = \"" + spec + "\": "
                    + e.getMessage().replaceFirst("^tokenizer spec: ", ""), e);
        }
    }

    static void valFraction(double fraction) {
        if (!(fraction >= CorpusSplit.MIN_VAL_FRACTION && fraction <= CorpusSplit.MAX_VAL_FRACTION)) {
            throw InvalidInputException.outOfRange("command line", "--val-fraction", fraction,
                    "[" + CorpusSplit.MIN_VAL_FRACTION + ", " + CorpusSplit.MAX_VAL_FRACTION + "]");
        }
    }
}
