package io.xenvlan.core.port;

import io.xenvlan.core.hypervisor.PoolGuest;
import io.xenvlan.core.hypervisor.PoolHost;
import io.xenvlan.core.hypervisor.PoolName;
import java.util.List;

/** A pool's hosts and guest VMs as the pool reports them now (xenvlan keeps no copy), sorted by name. */
public interface PoolMachines {
    /** @throws io.xenvlan.core.error.XenvlanException when the pool cannot be asked */
    List<PoolHost> hosts(PoolName pool);

    /** @throws io.xenvlan.core.error.XenvlanException when the pool cannot be asked */
    List<PoolGuest> vms(PoolName pool);
}
