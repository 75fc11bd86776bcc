package io.xenvlan.core.floating;

import io.xenvlan.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** A floating pool's name: 1..64 characters of letters, digits, '_', '-' and '.', as a project id. */
public record FloatingPoolName(String value) {
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    /** @throws InvalidInputException naming {@code pool} when the name breaks the rule */
    public FloatingPoolName {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("pool", "required", "pool: must not be empty");
        }
        if (!RULE.matcher(value).matches()) {
            throw new InvalidInputException("pool", "pool-name", "pool: '" + Printable.of(value)
                    + "' is not a pool name (1-64 of A-Z a-z 0-9 _ . -)");
        }
    }

    public static FloatingPoolName of(String value) {
        return new FloatingPoolName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
