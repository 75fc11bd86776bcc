package io.xenvlan.server.compute;

import io.xenvlan.core.hypervisor.ComputeAudit;
import io.xenvlan.core.hypervisor.PoolStore;
import io.xenvlan.core.hypervisor.VifAttachments;
import java.util.Objects;

/**
 * The compute side as the API uses it: registered pools, attach / detach, pools' hosts and VMs, the VIF listing, allowed password sources,
 * the audit of pools against the store.
 */
public record ComputeServices(PoolStore pools, VifAttachments attachments, io.xenvlan.core.hypervisor.PoolMachines machines, VifListing vifs, PoolSecrets secrets,
                              ComputeAudit audit) {
    public ComputeServices {
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(attachments, "attachments");
        Objects.requireNonNull(machines, "machines");
        Objects.requireNonNull(vifs, "vifs");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(audit, "audit");
    }
}
