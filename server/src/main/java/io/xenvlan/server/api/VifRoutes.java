package io.xenvlan.server.api;

import io.xenvlan.server.body.AttachBody;
import io.xenvlan.server.body.JsonBodies;
import io.javalin.http.Context;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestRequest;
import io.xenvlan.core.guest.UserData;
import io.xenvlan.core.hypervisor.AttachRequest;
import io.xenvlan.core.hypervisor.Detachment;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.auth.Principal;
import io.xenvlan.server.compute.GuestAttachments;
import io.xenvlan.server.compute.VifFilter;
import io.xenvlan.server.compute.VifRow;
import io.xenvlan.server.render.ComputeViews;
import io.xenvlan.server.render.GuestViews;
import io.xenvlan.server.render.UserDataView;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** {@code /v1/vifs}: attach a VM of a pool to its project's network, list, show; detach a VM. */
final class VifRoutes {
    private final ApiServices services;
    private final int maxBodyBytes;

    VifRoutes(ApiServices services, int maxBodyBytes) {
        this.services = services;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * 201 with the new VIF; 200 with the VIF unchanged when the VM has that NIC already (a retried
     * request gets the answer it lost). A VM belongs to the project whose VIF it got first: another
     * project's token gets 403 for it, whether it exists or not.
     */
    void attach(Context ctx) {
        AttachBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), AttachBody.class);
        ProjectId project = Scope.project(ctx, NetworkRoutes.required("project", b.project()));
        if (b.vm() != null && b.vm().isBlank()) {
            throw new InvalidInputException("vm", "required", "vm: must name a VM (its uuid)");
        }
        GuestRequest guest = GuestRequest.of(b.hostname(), b.publicKeys(), GuestBodies.userData(b.userData()));
        AttachRequest request = new AttachRequest(project, PoolName.of(NetworkRoutes.required("pool", b.pool())),
                InstanceId.of(NetworkRoutes.required("vm", b.vm())), b.nic() == null ? 0 : b.nic(),
                b.rateKbps() == null ? OptionalLong.empty() : OptionalLong.of(b.rateKbps()), Scope.principal(ctx).isAdmin());
        GuestAttachments.Attached a = services.compute().guestAttachments().attach(request, guest);
        ctx.status(a.vif().created() ? 201 : 200).json(ComputeViews.attached(a.vif(), a.guest()));
    }

    void list(Context ctx) {
        Principal p = Scope.principal(ctx);
        Optional<String> pool = Query.string(ctx, "pool");
        Optional<String> vm = Query.string(ctx, "vm");
        Optional<String> project = Query.string(ctx, "project").or(() -> p.project().map(Object::toString));
        project.ifPresent(x -> Scope.project(ctx, x));
        Paging paging = Paging.of(ctx);
        ctx.json(paging.page(services.compute().vifs().list(new VifFilter(pool, vm, project)), ComputeViews::vif));
    }

    /** The VIF with its host name and key names; never its user data. */
    void show(Context ctx) {
        VifRow row = visibleVif(ctx);
        ctx.json(GuestViews.with(row, services.compute().guests().of(row.uuid())));
    }

    /** {@code {vif, user_data (base64), bytes}} as the attach gave it; 404 when it gave none. Scoped as {@link #show}. */
    void userData(Context ctx) {
        VifRow row = visibleVif(ctx);
        UserData data = services.compute().guests().of(row.uuid()).flatMap(GuestProfile::userData)
                .orElseThrow(() -> new NotFoundException("user_data", row.uuid().toString()));
        ctx.json(UserDataView.of(row.uuid(), data.bytes()));
    }

    /** The VIF of the path; 403 for a project token unless its project owns it (whether it exists or not). */
    private VifRow visibleVif(Context ctx) {
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
        return row.orElseThrow(() -> new NotFoundException("vif", uuid.toString()));
    }

    /** What was taken off the VM (nothing, said so, when nothing was left); 403 for a project token unless its project owns the VM. */
    void detach(Context ctx) {
        PoolName pool = PoolName.of(ctx.pathParam("pool"));
        InstanceId vm = InstanceId.of(ctx.pathParam("vm"));
        Detachment d = services.compute().guestAttachments().detach(Scope.principal(ctx).project(), pool, vm);
        ctx.json(ComputeViews.detachment(d));
    }
}
