package dev.ladder.data.tokenizer;

import dev.ladder.data.InvalidInputException;

/** Checks that a Java string is well-formed UTF-16 (no unpaired surrogate), so it has an exact UTF-8 form. */
final class WellFormedText {

    private WellFormedText() {
    }

    static void require(String tokenizer, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (Character.isHighSurrogate(c) && pair) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException(tokenizer + ": the text has an unpaired surrogate U+"
                        + String.format("%04X", (int) c) + " at char index " + i
                        + "; allowed: well-formed Unicode text");
            }
        }
    }
}
