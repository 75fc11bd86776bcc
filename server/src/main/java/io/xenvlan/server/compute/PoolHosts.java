package io.xenvlan.server.compute;

import io.xenvlan.core.hypervisor.PoolName;
import java.util.List;

/** The names of a pool's hosts, as the pool reports them now. */
@FunctionalInterface
public interface PoolHosts {
    /** @throws io.xenvlan.core.error.XenvlanException when the pool cannot be asked */
    List<String> hosts(PoolName pool);
}
