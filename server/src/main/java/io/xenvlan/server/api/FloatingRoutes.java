package io.xenvlan.server.api;

import io.xenvlan.server.body.AssociateBody;
import io.xenvlan.server.body.FloatingIpBody;
import io.xenvlan.server.body.FloatingPoolBody;
import io.xenvlan.server.body.JsonBodies;
import io.xenvlan.server.body.RuleBody;
import io.javalin.http.Context;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.floating.FloatingFilter;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PoolUsage;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.auth.Principal;
import io.xenvlan.server.render.FloatingViews;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v1/floating-ips}, {@code /v1/floating-pools}, {@code /v1/floating-rules}. Pools are made and
 * deleted by admins and seen by all; a project token sees and changes only its own floating IPs and
 * rules (anything else is 403, existing or not).
 */
final class FloatingRoutes {
    private final ApiServices services;
    private final int maxBodyBytes;

    FloatingRoutes(ApiServices services, int maxBodyBytes) {
        this.services = services;
        this.maxBodyBytes = maxBodyBytes;
    }

    private FloatingIps floating() {
        return services.floating();
    }

    void createPool(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        FloatingPoolBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), FloatingPoolBody.class);
        PoolUsage created = floating().createPool(FloatingPool.parse(NetworkRoutes.required("pool", b.pool()),
                NetworkRoutes.required("range", b.range()), Optional.ofNullable(b.iface())));
        ctx.status(201).json(FloatingViews.pool(created));
    }

    void pools(Context ctx) {
        ctx.json(Paging.of(ctx).page(floating().pools(), FloatingViews::pool));
    }

    void deletePool(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        ctx.json(FloatingViews.pool(new PoolUsage(floating().deletePool(FloatingPoolName.of(ctx.pathParam("pool"))), 0, 0)));
    }

    void allocate(Context ctx) {
        FloatingIpBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), FloatingIpBody.class);
        ProjectId project = Scope.project(ctx, NetworkRoutes.required("project", b.project()));
        Optional<FloatingPoolName> pool = Optional.ofNullable(b.pool()).map(FloatingPoolName::of);
        ctx.status(201).json(FloatingViews.floatingIp(floating().allocate(project, pool)));
    }

    void list(Context ctx) {
        Optional<ProjectId> project = projectQuery(ctx);
        List<FloatingIp> ips = floating().list(new FloatingFilter(Query.string(ctx, "pool").map(FloatingPoolName::of), project));
        ctx.json(Paging.of(ctx).page(ips, FloatingViews::floatingIp));
    }

    void show(Context ctx) {
        ctx.json(FloatingViews.floatingIp(owned(ctx)));
    }

    void associate(Context ctx) {
        FloatingIp ip = owned(ctx);
        AssociateBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), AssociateBody.class);
        ctx.json(FloatingViews.associated(floating().associate(ip.address(),
                FloatingIps.target(Optional.ofNullable(b.vm()), Optional.ofNullable(b.fixedAddress())))));
    }

    void disassociate(Context ctx) {
        ctx.json(FloatingViews.floatingIp(floating().disassociate(owned(ctx).address())));
    }

    void release(Context ctx) {
        ctx.json(FloatingViews.floatingIp(floating().release(owned(ctx).address())));
    }

    /** The floating IP of the path, if the caller may see it (a project token: only its own, else 403 whether it exists or not). */
    private FloatingIp owned(Context ctx) {
        Principal p = Scope.principal(ctx);
        Ipv4Address address = Ipv4Address.parse("fip", ctx.pathParam("fip"));
        FloatingIp ip;
        try {
            ip = floating().show(address);
        } catch (NotFoundException e) {
            if (!p.isAdmin()) {
                throw Principal.outOfScope();
            }
            throw e;
        }
        p.requireProject(ip.project());
        return ip;
    }

    void addRule(Context ctx) {
        RuleBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), RuleBody.class);
        String project = Scope.project(ctx, NetworkRoutes.required("project", b.project())).value();
        IngressRule rule = floating().addRule(IngressRule.parse(project, NetworkRoutes.required("protocol", b.protocol()),
                Optional.ofNullable(b.port()), Optional.ofNullable(b.from())));
        ctx.status(201).json(FloatingViews.rule(rule));
    }

    void rules(Context ctx) {
        ctx.json(Paging.of(ctx).page(floating().rules(projectQuery(ctx)), FloatingViews::rule));
    }

    /** {@code ?project=}, checked against the caller's scope; a project token's own project when left out. */
    private static Optional<ProjectId> projectQuery(Context ctx) {
        Optional<String> named = Query.string(ctx, "project");
        return named.isPresent() ? named.map(p -> Scope.project(ctx, p)) : Scope.principal(ctx).project();
    }

    void deleteRule(Context ctx) {
        Principal p = Scope.principal(ctx);
        String text = ctx.pathParam("rule");
        if (!text.matches("[0-9]{1,18}")) {
            throw new InvalidInputException("rule", "id", "rule: must be a rule id (a whole number)");
        }
        long id = Long.parseLong(text);
        if (!p.isAdmin() && floating().rules(p.project()).stream().noneMatch(r -> r.id() == id)) {
            throw Principal.outOfScope();
        }
        ctx.json(FloatingViews.rule(floating().deleteRule(id)));
    }
}
