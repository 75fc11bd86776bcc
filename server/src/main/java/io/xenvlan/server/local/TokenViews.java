package io.xenvlan.server.local;

import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.auth.TokenRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** A token as {@code xenvlan token} prints it (never its secret), the same in this process and through a holder. */
public final class TokenViews {
    private TokenViews() {}

    public static Map<String, Object> view(TokenRecord t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("role", t.principal().isAdmin() ? "admin" : "project");
        m.put("project", t.principal().project().map(ProjectId::value).orElse(null));
        m.put("description", t.description());
        m.put("created_at", t.createdAt().toString());
        m.put("revoked_at", t.revokedAt().map(Object::toString).orElse(null));
        m.put("expires_at", t.expiresAt().map(Object::toString).orElse(null));
        return m;
    }
}
