package io.xenvlan.core.netnode;

import io.xenvlan.core.network.Network;
import java.util.List;
import java.util.Objects;

/** A network a node is to serve: its settings, its host entries and the leases the store knows (to seed the DHCP server). */
public record NetworkToServe(Network network, List<HostEntry> hosts, List<ActiveLease> leases) {
    public NetworkToServe {
        Objects.requireNonNull(network, "network");
        hosts = List.copyOf(hosts);
        leases = List.copyOf(leases);
    }
}
