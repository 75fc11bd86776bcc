package io.xenvlan.server.local;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.auth.TokenRecord;

/**
 * A token as {@code xenvlan token} prints it (never its secret), the same in this process and through a holder.
 *
 * @param role      {@code admin} or {@code project}
 * @param project   null for an admin token
 * @param revokedAt null while it works
 * @param expiresAt null for a token that never expires
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenView(long id, String role, String project, String description, String createdAt, String revokedAt,
                        String expiresAt) {

    public static TokenView of(TokenRecord t) {
        return new TokenView(t.id(), t.principal().isAdmin() ? "admin" : "project", t.principal().project().map(ProjectId::value).orElse(null),
                t.description(), t.createdAt().toString(), t.revokedAt().map(Object::toString).orElse(null),
                t.expiresAt().map(Object::toString).orElse(null));
    }
}
