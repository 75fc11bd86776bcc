package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Objects;

/** What {@code vif attach} reports: the VIF on the pool and the address it got from IPAM. */
public record AttachedVif(PlacedVif vif, Ipv4Address address, Network network) {
    public AttachedVif {
        Objects.requireNonNull(vif, "vif");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(network, "network");
    }
}
