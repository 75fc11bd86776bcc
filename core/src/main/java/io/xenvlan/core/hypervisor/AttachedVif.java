package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Objects;
import java.util.Optional;

/** What {@code vif attach} reports: the VIF on the pool, the address it got from IPAM, and its floating IP on an auto-floating network. */
public record AttachedVif(PlacedVif vif, Ipv4Address address, Network network, Optional<Ipv4Address> floatingIp) {
    public AttachedVif {
        Objects.requireNonNull(vif, "vif");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(floatingIp, "floatingIp");
    }

    public AttachedVif(PlacedVif vif, Ipv4Address address, Network network) {
        this(vif, address, network, Optional.empty());
    }
}
