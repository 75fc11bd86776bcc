package io.xenvlan.server.api;

import io.xenvlan.server.body.AddressBody;
import io.xenvlan.server.body.JsonBodies;
import io.javalin.http.Context;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.auth.Principal;
import io.xenvlan.server.render.Items;
import io.xenvlan.server.render.Views;
import java.util.List;
import java.util.Optional;

/**
 * Fixed IPs: {@code /v1/addresses} (list, allocate, release one, release an instance's) and
 * {@code /v1/leases} (addresses dnsmasq holds a lease for). A project token is held to its project.
 */
final class AddressRoutes {
    private final ApiServices services;
    private final int maxBodyBytes;

    AddressRoutes(ApiServices services, int maxBodyBytes) {
        this.services = services;
        this.maxBodyBytes = maxBodyBytes;
    }

    void list(Context ctx) {
        boolean all = Query.bool(ctx, "all").orElse(false);
        ctx.json(Paging.of(ctx).page(scoped(ctx, all), ip -> Views.fixedIp(ip)));
    }

    void leases(Context ctx) {
        List<FixedIp> leased = scoped(ctx, true).stream().filter(FixedIp::leased).toList();
        ctx.json(Paging.of(ctx).page(leased, ip -> Views.fixedIp(ip)));
    }

    private List<FixedIp> scoped(Context ctx, boolean all) {
        Principal p = Scope.principal(ctx);
        Optional<String> network = Query.string(ctx, "network");
        Optional<String> project = Query.string(ctx, "project").or(() -> p.project().map(Object::toString));
        project.ifPresent(x -> Scope.project(ctx, x));
        network.ifPresent(ref -> Scope.network(ctx, services.manager(), ref));
        if (!p.isAdmin()) {
            try {
                services.manager().networkOf(ProjectId.of(project.orElseThrow()));
            } catch (NotFoundException e) {
                return List.of();
            }
        }
        return services.manager().addresses(network, project.map(ProjectId::of), all);
    }

    void allocate(Context ctx) {
        AddressBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), AddressBody.class);
        String project = Scope.project(ctx, NetworkRoutes.required("project", b.project())).value();
        Allocation a = services.manager().allocate(ProjectId.of(project), InstanceId.of(NetworkRoutes.required("instance", b.instance())),
                Optional.ofNullable(b.address()));
        ctx.status(201).json(Views.allocation(a));
    }

    void release(Context ctx) {
        Ipv4Address address = Ipv4Address.parse("address", ctx.pathParam("address"));
        requireOwnAddress(ctx, address);
        ctx.json(Views.fixedIp(services.manager().release(address.toString())));
    }

    /**
     * Instance ids are scoped by project: a project token releases only its own project's addresses
     * of the instance, and gets the same 403 whether another project has such an instance or not.
     */
    void releaseInstance(Context ctx) {
        String instance = io.xenvlan.core.value.InstanceId.of(ctx.pathParam("instance")).value();
        Principal p = Scope.principal(ctx);
        if (p.isAdmin()) {
            ctx.json(new Items<>(services.manager().releaseInstance(InstanceId.of(instance)).stream().map(Views::fixedIp).toList()));
            return;
        }
        VlanManager m = services.manager();
        List<FixedIp> own;
        try {
            own = m.addresses(Optional.empty(), p.project(), false).stream()
                    .filter(ip -> ip.instance().map(i -> i.value().equals(instance)).orElse(false)).toList();
        } catch (NotFoundException noNetwork) {
            own = List.of();
        }
        if (own.isEmpty()) {
            throw Principal.outOfScope();
        }
        ctx.json(new Items<>(own.stream().map(ip -> Views.fixedIp(m.release(ip.address().toString()))).toList()));
    }

    private void requireOwnAddress(Context ctx, Ipv4Address address) {
        Principal p = Scope.principal(ctx);
        if (p.isAdmin()) {
            return;
        }
        boolean own = services.manager().networks().stream()
                .anyMatch(n -> n.cidr().contains(address) && p.sees(n));
        if (!own) {
            throw Principal.outOfScope();
        }
    }
}
