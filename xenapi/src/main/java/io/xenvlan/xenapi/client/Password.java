package io.xenvlan.xenapi.client;

import java.util.Objects;

/**
 * A pool password. It never appears in toString, logs or exception messages; only the client's
 * login call reads it.
 */
public final class Password {
    private final String secret;

    private Password(String secret) {
        this.secret = Objects.requireNonNull(secret, "password");
    }

    /** Wraps a password read from a file or the environment. */
    public static Password of(String secret) {
        return new Password(secret);
    }

    String reveal() {
        return secret;
    }

    @Override
    public String toString() {
        return "********";
    }
}
