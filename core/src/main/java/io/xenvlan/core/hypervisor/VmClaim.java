package io.xenvlan.core.hypervisor;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A worker's hold on one VM of a pool: while it lasts no other thread or process changes the
 * VM's xenvlan VIFs.
 *
 * @param owner the project the VM belongs to (the one whose VIF it got first), if any yet
 * @param vifs  the VM's VIFs as recorded when the claim was made, in NIC order
 */
public record VmClaim(PoolName pool, InstanceId vmUuid, Optional<ProjectId> owner, List<StoredVif> vifs) {
    public VmClaim {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(vmUuid, "vmUuid");
        Objects.requireNonNull(owner, "owner");
        vifs = List.copyOf(vifs);
    }
}
