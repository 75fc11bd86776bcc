package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** The name an operator gives a XenServer / XCP-ng pool in xenvlan ({@code pool add --name}). */
public record PoolName(String value) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /** @throws InvalidInputException unless 1..63 of a-z 0-9 . _ - starting with a letter or digit */
    public PoolName {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidInputException("pool", "name",
                    "pool: must be 1..63 characters of a-z, 0-9, '.', '_', '-' starting with a letter or digit");
        }
    }

    public static PoolName of(String value) {
        return new PoolName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
