package io.xenvlan.server.api;

import io.xenvlan.server.body.JsonBodies;
import io.xenvlan.server.body.ProjectNetworkBody;
import io.javalin.http.Context;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.auth.Principal;
import java.util.Optional;

/** {@code /v1/projects/{project}/network}: show, associate, disassociate; a project token only for its own project. */
final class ProjectRoutes {
    private final ApiServices services;
    private final int maxBodyBytes;

    ProjectRoutes(ApiServices services, int maxBodyBytes) {
        this.services = services;
        this.maxBodyBytes = maxBodyBytes;
    }

    void show(Context ctx) {
        String project = Scope.project(ctx, ctx.pathParam("project")).value();
        ctx.json(ApiViews.network(services.manager().networkOf(ProjectId.of(project)), null));
    }

    void associate(Context ctx) {
        String project = Scope.project(ctx, ctx.pathParam("project")).value();
        byte[] body = Bodies.read(ctx, maxBodyBytes);
        Optional<String> network = Bodies.present(body)
                ? Optional.ofNullable(JsonBodies.parse(body, ProjectNetworkBody.class).network()) : Optional.empty();
        network.ifPresent(ref -> requireFreeOrOwn(ctx, ref, project));
        Network n = services.manager().associate(ProjectId.of(project), network);
        ctx.json(ApiViews.network(n, null));
    }

    /**
     * A project token may name a free network or its own: another project's network and one that
     * does not exist are the same 403, so the answer tells nothing about other projects.
     */
    private void requireFreeOrOwn(Context ctx, String ref, String project) {
        if (Scope.principal(ctx).isAdmin()) {
            return;
        }
        Network n;
        try {
            n = services.manager().network(ref);
        } catch (NotFoundException e) {
            throw Principal.outOfScope();
        }
        if (n.project().isPresent() && !n.project().get().value().equals(project)) {
            throw Principal.outOfScope();
        }
    }

    void disassociate(Context ctx) {
        String project = Scope.project(ctx, ctx.pathParam("project")).value();
        ctx.json(ApiViews.network(services.manager().disassociate(ProjectId.of(project)), null));
    }
}
