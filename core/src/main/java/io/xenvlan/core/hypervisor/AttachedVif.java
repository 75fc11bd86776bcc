package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code vif attach} reports: the VIF on the pool, the address it got from IPAM, and its
 * floating IP on an auto-floating network.
 *
 * @param nic        xenvlan's NIC number on the VM
 * @param created    false when the VM already had this NIC and the attach returned it unchanged
 * @param vmName     the VM's name label as the pool gave it during the attach, when known
 */
public record AttachedVif(PlacedVif vif, Ipv4Address address, Network network, int nic, boolean created,
                          Optional<Ipv4Address> floatingIp, Optional<String> vmName) {
    public AttachedVif {
        Objects.requireNonNull(vif, "vif");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(floatingIp, "floatingIp");
        Objects.requireNonNull(vmName, "vmName");
    }

    AttachedVif(PlacedVif vif, Ipv4Address address, Network network, int nic, boolean created) {
        this(vif, address, network, nic, created, Optional.empty(), Optional.empty());
    }

    /** The same attachment with {@code floating} as its floating IP. */
    AttachedVif withFloatingIp(Optional<Ipv4Address> floating) {
        return new AttachedVif(vif, address, network, nic, created, floating, vmName);
    }

    /** The same attachment of a VM whose name label is {@code nameLabel}. */
    AttachedVif ofVmNamed(String nameLabel) {
        return new AttachedVif(vif, address, network, nic, created, floatingIp, Optional.of(nameLabel));
    }
}
