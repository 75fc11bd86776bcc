package io.xenvlan.server.api;

import io.javalin.http.Context;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.auth.Principal;

/**
 * Applies the caller's scope. The rule (docs/rest-api.md): for a project token, anything outside
 * its project is 403, whether it exists or not; admins get 404 for what does not exist.
 */
final class Scope {
    static final String PRINCIPAL = "xenvlan.principal";

    private Scope() {}

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new IllegalStateException("route without authentication: " + ctx.path());
        }
        return p;
    }

    /** The network {@code ref} names, if the caller may see it. */
    static Network network(Context ctx, VlanManager manager, String ref) {
        Principal p = principal(ctx);
        Network n;
        try {
            n = manager.network(ref);
        } catch (NotFoundException e) {
            if (!p.isAdmin()) {
                throw Principal.outOfScope();
            }
            throw e;
        }
        if (!p.sees(n)) {
            throw Principal.outOfScope();
        }
        return n;
    }

    /** Checks (and returns) a project the caller names. */
    static ProjectId project(Context ctx, String project) {
        ProjectId id = ProjectId.of(project);
        principal(ctx).requireProject(id);
        return id;
    }
}
