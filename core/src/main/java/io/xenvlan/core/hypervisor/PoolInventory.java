package io.xenvlan.core.hypervisor;

import java.util.List;

/**
 * What a pool has, for audits: its hosts (name labels), its networks with each host's VLAN tag,
 * the records of its VM table (guests, templates, snapshots, control domains) and every VIF.
 */
public record PoolInventory(List<String> hosts, List<PoolNetworkView> networks, List<PoolVm> vms, List<PoolVif> vifs) {
    public PoolInventory {
        hosts = List.copyOf(hosts);
        networks = List.copyOf(networks);
        vms = List.copyOf(vms);
        vifs = List.copyOf(vifs);
    }

    /** Hosts and networks only (a pool that cannot list VMs and VIFs). */
    public PoolInventory(List<String> hosts, List<PoolNetworkView> networks) {
        this(hosts, networks, List.of(), List.of());
    }
}
