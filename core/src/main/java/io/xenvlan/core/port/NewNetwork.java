package io.xenvlan.core.port;

import io.xenvlan.core.ipam.NetworkLayout;
import io.xenvlan.core.value.BridgeName;
import io.xenvlan.core.value.DnsDomain;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.NetworkLabel;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.VlanTag;
import java.util.Objects;
import java.util.Optional;

/** A validated network the store is to insert, with every one of its addresses (reserved ones flagged). */
public record NewNetwork(
        NetworkLabel label,
        NetworkLayout layout,
        Optional<Ipv4Address> dns1,
        Optional<Ipv4Address> dns2,
        Optional<DnsDomain> dnsDomain,
        VlanTag vlan,
        BridgeName bridge,
        InterfaceName bridgeInterface,
        int mtu,
        Optional<ProjectId> project) {

    public NewNetwork {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(dns1, "dns1");
        Objects.requireNonNull(dns2, "dns2");
        Objects.requireNonNull(dnsDomain, "dnsDomain");
        Objects.requireNonNull(vlan, "vlan");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(bridgeInterface, "bridgeInterface");
        Objects.requireNonNull(project, "project");
    }
}
