package io.xenvlan.server.compute;

import io.xenvlan.core.hypervisor.ComputeAudit;
import io.xenvlan.core.hypervisor.PoolRegistration;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.port.PoolMachines;
import io.xenvlan.core.port.PoolStore;
import java.util.Objects;

/**
 * The compute side as the API uses it: registered pools, attach / detach, pools' hosts and VMs, the VIF listing, allowed password
 * sources, the audit of pools against the store, the guests' profiles, the registration of pools (a login first).
 */
public record ComputeServices(PoolStore pools, VifAttachments attachments, PoolMachines machines, VifListing vifs, PoolSecrets secrets,
                              ComputeAudit audit, GuestProfiles guests, PoolRegistration registration) {
    public ComputeServices {
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(attachments, "attachments");
        Objects.requireNonNull(machines, "machines");
        Objects.requireNonNull(vifs, "vifs");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(guests, "guests");
        Objects.requireNonNull(registration, "registration");
    }

    /** Attach and detach with the guest's profile, as every edge uses them. */
    public GuestAttachments guestAttachments() {
        return new GuestAttachments(attachments, guests);
    }
}
