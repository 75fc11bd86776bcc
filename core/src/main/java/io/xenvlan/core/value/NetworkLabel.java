package io.xenvlan.core.value;

import java.util.regex.Pattern;

/** A network's human label: 1..64 characters of letters, digits, space, '_', '-', '.'. */
public record NetworkLabel(String value) {
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9 _.-]{0,63}");

    public NetworkLabel {
        Names.require("label", value, RULE, "label", "is not a network label (1-64 of A-Z a-z 0-9 space _ . -, starting with a letter, digit or _)");
    }

    public static NetworkLabel of(String value) {
        return new NetworkLabel(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
