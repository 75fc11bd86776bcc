package io.xenvlan.server.api;

import io.xenvlan.server.body.JsonBodies;
import io.xenvlan.server.body.PoolBody;
import io.javalin.http.Context;
import io.xenvlan.core.hypervisor.Drift;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.server.compute.PoolSecrets;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.render.AuditView;
import io.xenvlan.server.render.ComputeViews;
import io.xenvlan.server.render.InventoryViews;
import io.xenvlan.server.render.PoolView;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/pools}: add (after one login to the pool, unless {@code verify} is false) and remove (admin), list, audit and
 * repair (admin), hosts and VMs (admin). The password is never sent: a pool names where
 * the server reads it ({@code password_source}: {@code env:XENVLAN_POOL_*} or a file in the pool
 * secrets directory, see {@link io.xenvlan.server.compute.PoolSecrets}); neither the user nor the
 * password source is ever returned.
 */
final class PoolRoutes {
    private final ApiServices services;
    private final int maxBodyBytes;

    PoolRoutes(ApiServices services, int maxBodyBytes) {
        this.services = services;
        this.maxBodyBytes = maxBodyBytes;
    }

    void add(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        PoolBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), PoolBody.class);
        URI url;
        try {
            url = URI.create(NetworkRoutes.required("url", b.url()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("url", "url", "url: not a URL");
        }
        PoolSecrets.checkUrl(url);
        PoolTls tls = new PoolTls(ComputeViews.tlsMode(Optional.ofNullable(b.tls()).orElse("system")), Optional.ofNullable(b.tlsValue()));
        PoolSettings pool = new PoolSettings(PoolName.of(NetworkRoutes.required("name", b.name())), url,
                NetworkRoutes.required("user", b.user()), services.compute().secrets().check(NetworkRoutes.required("password_source", b.passwordSource())),
                VifDriver.parse(Optional.ofNullable(b.vifDriver()).orElse("bridge")), Optional.ofNullable(b.integrationNetwork()), tls);
        services.compute().registration().add(pool, !Boolean.FALSE.equals(b.verify()));
        ctx.status(201).json(view(pool, Optional.empty(), true));
    }


    /** {@code ?hosts=true} asks each pool for its hosts (a XenAPI call per pool; a pool that fails shows its error). */
    void list(Context ctx) {
        boolean hosts = Query.bool(ctx, "hosts").orElse(false);
        boolean admin = Scope.principal(ctx).isAdmin();
        ctx.json(Paging.of(ctx).page(services.compute().pools().pools(),
                p -> view(p, hosts ? Optional.of(p.name()) : Optional.empty(), admin)));
    }

    void show(Context ctx) {
        PoolName name = PoolName.of(ctx.pathParam("pool"));
        PoolSettings pool = services.compute().pools().pool(name)
                .orElseThrow(() -> new io.xenvlan.core.error.NotFoundException("pool", name.value()));
        ctx.json(view(pool, Optional.of(name), Scope.principal(ctx).isAdmin()));
    }

    void remove(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        PoolName name = PoolName.of(ctx.pathParam("pool"));
        PoolSettings pool = services.compute().pools().pool(name)
                .orElseThrow(() -> new io.xenvlan.core.error.NotFoundException("pool", name.value()));
        services.compute().pools().removePool(name);
        ctx.json(view(pool, Optional.empty(), true));
    }

    /** {@code GET /v1/pools/{pool}/audit}: the pool's drift against the store. */
    void audit(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        PoolName name = registered(ctx);
        ctx.json(drift(name, services.compute().audit().audit(name)));
    }

    /** {@code POST /v1/pools/{pool}/audit/repair}: repairs xenvlan's own objects and answers what remains. */
    void repair(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        PoolName name = registered(ctx);
        ctx.json(drift(name, services.compute().audit().repair(name)));
    }

    /** {@code GET /v1/pools/{pool}/hosts} (admin): the pool's hosts as it reports them now. */
    void hosts(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        PoolName name = registered(ctx);
        Paging paging = Paging.of(ctx);
        ctx.json(paging.page(services.compute().machines().hosts(name), InventoryViews::host));
    }

    /**
     * {@code GET /v1/pools/{pool}/vms} (admin: every project's VMs): the pool's guest VMs as it reports them now,
     * each with xenvlan's VIFs on it (from the store).
     */
    void vms(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        PoolName name = registered(ctx);
        Paging paging = Paging.of(ctx); // a bad ?limit or ?offset is refused before the pool is asked
        java.util.List<io.xenvlan.core.hypervisor.PoolGuest> vms = services.compute().machines().vms(name);
        Map<String, java.util.List<io.xenvlan.server.compute.VifRow>> vifs = services.compute().vifs().byVm(name);
        ctx.json(paging.page(vms, vm -> InventoryViews.vm(vm, vifs.getOrDefault(vm.uuid(), java.util.List.of()))));
    }

    private PoolName registered(Context ctx) {
        PoolName name = PoolName.of(ctx.pathParam("pool"));
        services.compute().pools().pool(name).orElseThrow(() -> new io.xenvlan.core.error.NotFoundException("pool", name.value()));
        return name;
    }

    private static AuditView drift(PoolName pool, java.util.List<Drift> drift) {
        return new AuditView(pool.value(), drift.stream().map(ComputeViews::drift).toList());
    }

    /** A pool as the caller may see it, with its hosts when asked ({@link InventoryViews#withHosts}). */
    private PoolView view(PoolSettings p, Optional<PoolName> askHosts, boolean admin) {
        PoolView m = ComputeViews.pool(p);
        return askHosts.map(name -> InventoryViews.withHosts(m, services.compute().machines(), name, admin)).orElse(m);
    }
}
