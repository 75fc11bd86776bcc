package io.xenvlan.server.auth;

import java.util.Objects;

/** A token just created: the secret is shown to the operator once and never stored. */
public record IssuedToken(TokenRecord record, String secret) {
    public IssuedToken {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedToken[" + record + ", secret=<hidden>]";
    }
}
