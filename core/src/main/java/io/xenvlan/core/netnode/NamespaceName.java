package io.xenvlan.core.netnode;

import io.xenvlan.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** A Linux network namespace name safe for {@code ip netns}: 1..64 of A-Z a-z 0-9 _ . -, not starting with . or -. */
public record NamespaceName(String value) {
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    public NamespaceName {
        if (value == null || !RULE.matcher(value).matches()) {
            throw new InvalidInputException("netns", "netns-name",
                    "netns: must be 1-64 of A-Z a-z 0-9 _ . -, not starting with . or -");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
