package io.xenvlan.core.value;

import io.xenvlan.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** Shared rules for the short identifiers xenvlan accepts. */
final class Names {
    private Names() {}

    static String require(String field, String text, Pattern pattern, String rule, String description) {
        if (text == null || text.isEmpty()) {
            throw new InvalidInputException(field, "required", field + ": must not be empty");
        }
        if (!pattern.matcher(text).matches()) {
            throw new InvalidInputException(field, rule, field + ": '" + printable(text) + "' " + description);
        }
        return text;
    }

    /** Keeps hostile input out of messages and logs: control characters become '?', long text is cut. */
    static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
