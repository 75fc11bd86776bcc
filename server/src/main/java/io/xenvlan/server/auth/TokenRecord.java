package io.xenvlan.server.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A stored token as operators see it: id, scope, description and dates; never the secret. */
public record TokenRecord(long id, Principal principal, String description, Instant createdAt, Optional<Instant> revokedAt,
                          Optional<Instant> expiresAt) {
    public TokenRecord {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A token that never expires. */
    TokenRecord(long id, Principal principal, String description, Instant createdAt, Optional<Instant> revokedAt) {
        this(id, principal, description, createdAt, revokedAt, Optional.empty());
    }
}
