package io.xenvlan.server.api;

import io.javalin.http.Context;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.server.auth.Principal;
import io.xenvlan.server.cli.ComputeViews;
import io.xenvlan.server.cli.Views;
import io.xenvlan.server.compute.VifRow;
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
        if (b.vm() != null && b.vm().isBlank()) {
            throw new InvalidInputException("vm", "required", "vm: must name a VM (its uuid)");
        }
        if (b.rateKbps() != null && (b.rateKbps() < 1 || b.rateKbps() > 100_000_000L)) {
            throw new InvalidInputException("rate_kbps", "range", "rate_kbps: must be between 1 and 100000000");
        }
        AttachedVif a = services.compute().attachments().attach(project, PoolName.of(NetworkRoutes.required("pool", b.pool())),
                NetworkRoutes.required("vm", b.vm()), b.rateKbps() == null ? OptionalLong.empty() : OptionalLong.of(b.rateKbps()));
        ctx.status(201).json(ComputeViews.attached(a));
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
        ctx.json(Paging.of(ctx).page(rows, ComputeViews::vif));
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
        ctx.json(ComputeViews.vif(row.orElseThrow(() -> new NotFoundException("vif", uuid.toString()))));
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
}
