package io.xenvlan.server.api;

import io.javalin.http.Context;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.server.auth.Principal;
import io.xenvlan.server.cli.Views;
import io.xenvlan.server.compute.VifRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** {@code /v1/vifs}: attach a VM of a pool to its project's network, list, show; detach a VM. */
final class VifRoutes {
    /** The body of {@code POST /v1/vifs}. */
    record AttachBody(String project, String pool, String vm, Long rateKbps) {}

    private final ApiServices services;
    private final int maxBodyBytes;

    VifRoutes(ApiServices services, int maxBodyBytes) {
        this.services = services;
        this.maxBodyBytes = maxBodyBytes;
    }

    void attach(Context ctx) {
        AttachBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), AttachBody.class);
        String project = Scope.project(ctx, NetworkRoutes.required("project", b.project())).value();
        if (b.rateKbps() != null && (b.rateKbps() < 1 || b.rateKbps() > 100_000_000L)) {
            throw new InvalidInputException("rate_kbps", "range", "rate_kbps: must be between 1 and 100000000");
        }
        AttachedVif a = services.compute().attachments().attach(project, PoolName.of(NetworkRoutes.required("pool", b.pool())),
                NetworkRoutes.required("vm", b.vm()), b.rateKbps() == null ? OptionalLong.empty() : OptionalLong.of(b.rateKbps()));
        ctx.status(201).json(attached(a));
    }

    void list(Context ctx) {
        Principal p = Scope.principal(ctx);
        Optional<String> pool = Query.string(ctx, "pool");
        Optional<String> vm = Query.string(ctx, "vm");
        Optional<String> project = Query.string(ctx, "project").or(() -> p.project().map(Object::toString));
        project.ifPresent(x -> Scope.project(ctx, x));
        List<VifRow> rows = services.compute().vifs().all(project).stream()
                .filter(r -> pool.isEmpty() || r.pool().equals(pool.get()))
                .filter(r -> vm.isEmpty() || r.vm().equals(vm.get())).toList();
        ctx.json(Paging.of(ctx).page(rows, VifRoutes::row));
    }

    void show(Context ctx) {
        Principal p = Scope.principal(ctx);
        UUID uuid;
        try {
            uuid = UUID.fromString(ctx.pathParam("vif"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("vif", "uuid", "vif: must be a VIF uuid");
        }
        Optional<VifRow> row = services.compute().vifs().find(uuid);
        if (!p.isAdmin() && (row.isEmpty() || !row.get().project().equals(p.project().map(Object::toString)))) {
            throw Principal.outOfScope();
        }
        ctx.json(row(row.orElseThrow(() -> new NotFoundException("vif", uuid.toString()))));
    }

    void detach(Context ctx) {
        PoolName pool = PoolName.of(ctx.pathParam("pool"));
        String vm = ctx.pathParam("vm");
        Principal p = Scope.principal(ctx);
        if (!p.isAdmin()) {
            List<VifRow> rows = services.compute().vifs().all(Optional.empty()).stream()
                    .filter(r -> r.pool().equals(pool.value()) && r.vm().equals(vm)).toList();
            if (rows.isEmpty() || rows.stream().anyMatch(r -> !r.project().equals(p.project().map(Object::toString)))) {
                throw Principal.outOfScope();
            }
        }
        List<FixedIp> released = services.compute().attachments().detach(pool, vm);
        ctx.json(Map.of("items", released.stream().map(Views::fixedIp).toList()));
    }

    static Map<String, Object> attached(AttachedVif a) {
        PlacedVif v = a.vif();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", v.xenvlanVifUuid().toString());
        m.put("pool", v.pool().value());
        m.put("vm", v.vmUuid());
        m.put("mac", v.mac().toString());
        m.put("address", a.address().toString());
        m.put("gateway", a.network().gateway().toString());
        m.put("netmask", a.network().netmask().toString());
        m.put("vlan", a.network().vlan().value());
        m.put("bridge", a.network().bridge().value());
        m.put("network", a.network().label().value());
        m.put("network_id", a.network().id());
        m.put("project", a.network().project().map(Object::toString).orElse(null));
        m.put("network_ref", v.networkRef());
        m.put("vif_ref", v.vifRef());
        m.put("device", v.device());
        m.put("plugged", v.plugged());
        return m;
    }

    static Map<String, Object> row(VifRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", r.uuid().toString());
        m.put("pool", r.pool());
        m.put("vm", r.vm());
        m.put("mac", r.mac());
        m.put("address", r.address().orElse(null));
        m.put("vlan", r.vlan().orElse(null));
        m.put("bridge", r.bridge().orElse(null));
        m.put("network", r.network().orElse(null));
        m.put("network_id", r.networkId().orElse(null));
        m.put("project", r.project().orElse(null));
        m.put("network_ref", r.networkRef());
        m.put("vif_ref", r.vifRef());
        m.put("device", r.device());
        m.put("plugged", r.plugged());
        m.put("created_at", r.createdAt().toString());
        return m;
    }
}
