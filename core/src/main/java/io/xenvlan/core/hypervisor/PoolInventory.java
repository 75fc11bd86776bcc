package io.xenvlan.core.hypervisor;

import java.util.List;

/** What a pool has, for audits: its hosts (name labels) and its networks with each host's VLAN tag. */
public record PoolInventory(List<String> hosts, List<PoolNetworkView> networks) {
    public PoolInventory {
        hosts = List.copyOf(hosts);
        networks = List.copyOf(networks);
    }
}
