package io.xenvlan.core.hypervisor;

import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A VIF {@code vif detach} took off a VM: gone from the pool, its address released.
 *
 * @param address the address released (empty when the attach never got one)
 */
public record DetachedVif(UUID uuid, int nic, Optional<MacAddress> mac, Optional<Ipv4Address> address,
                          Optional<Long> networkId) {
    public DetachedVif {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(networkId, "networkId");
    }

    static DetachedVif of(StoredVif vif) {
        return new DetachedVif(vif.uuid(), vif.nic(), vif.mac(), vif.address(), vif.networkId());
    }
}
