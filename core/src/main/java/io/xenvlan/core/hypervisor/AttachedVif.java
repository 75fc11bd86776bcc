package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Objects;

/**
 * What {@code vif attach} reports: the VIF on the pool and the address it got from IPAM.
 *
 * @param nic     xenvlan's NIC number on the VM
 * @param created false when the VM already had this NIC and the attach returned it unchanged
 */
public record AttachedVif(PlacedVif vif, Ipv4Address address, Network network, int nic, boolean created) {
    public AttachedVif {
        Objects.requireNonNull(vif, "vif");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(network, "network");
    }
}
