package io.xenvlan.core.hypervisor;

import java.util.Objects;

/** One host of a pool as the pool reports it: name label, uuid, management address, enabled. */
public record PoolHost(String name, String uuid, String address, boolean enabled) {
    public PoolHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(address, "address");
    }
}
