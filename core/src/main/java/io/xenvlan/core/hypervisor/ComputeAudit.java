package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.store.NetworkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares what xenvlan recorded for a pool with what the pool has ({@code xenvlan audit}) and
 * repairs what is xenvlan's own: a missing network or VLAN PIF is ensured again. Foreign objects
 * (namesakes, wrong tags, orphans) are only reported.
 */
public final class ComputeAudit {
    private final NetworkStore networks;
    private final PoolStore pools;
    private final HypervisorNetworking hypervisor;

    public ComputeAudit(NetworkStore networks, PoolStore pools, HypervisorNetworking hypervisor) {
        this.networks = networks;
        this.pools = pools;
        this.hypervisor = hypervisor;
    }

    /** The drift of one pool, in store network order. */
    public List<Drift> audit(PoolName pool) {
        PoolInventory inventory = hypervisor.inventory(pool);
        Map<String, PoolNetworkView> byRef = inventory.networks().stream()
                .collect(Collectors.toMap(PoolNetworkView::ref, v -> v, (a, b) -> a));
        List<Drift> drift = new ArrayList<>();
        List<Network> known = networks.networks();
        for (Network network : known) {
            Optional<String> recorded = pools.networkRef(pool, network.id());
            if (recorded.isEmpty()) {
                continue; // never ensured on this pool
            }
            String bridge = network.bridge().value();
            PoolNetworkView view = byRef.get(recorded.get());
            if (view == null) {
                drift.add(new Drift(Drift.Kind.NETWORK_MISSING, pool, bridge, "", "recorded " + recorded.get()
                        + " is not on the pool", true));
                continue;
            }
            for (String host : inventory.hosts()) {
                Long tag = view.tagsByHost().get(host);
                if (tag == null) {
                    drift.add(new Drift(Drift.Kind.VLAN_PIF_MISSING, pool, bridge, host, "no PIF on " + view.ref(), true));
                } else if (tag != network.vlan().value()) {
                    drift.add(new Drift(Drift.Kind.WRONG_TAG, pool, bridge, host, "VLAN " + tag + ", expected "
                            + network.vlan().value(), false));
                }
            }
            inventory.networks().stream().filter(v -> v.nameLabel().equals(bridge) && !v.ref().equals(view.ref()))
                    .forEach(v -> drift.add(new Drift(Drift.Kind.DUPLICATE_NETWORK, pool, bridge, "", v.ref()
                            + " has the same name_label; xenvlan uses " + view.ref(), false)));
        }
        Set<Long> ids = known.stream().map(Network::id).collect(Collectors.toSet());
        inventory.networks().stream().filter(v -> v.xenvlanNetworkId().map(id -> !ids.contains(id)).orElse(false))
                .forEach(v -> drift.add(new Drift(Drift.Kind.ORPHAN_NETWORK, pool, v.nameLabel(), "", v.ref()
                        + " names xenvlan network " + v.xenvlanNetworkId().get() + ", which does not exist", false)));
        return drift;
    }

    /**
     * Ensures again every network with repairable drift, then audits once more.
     *
     * @return what remains (only the drift xenvlan does not repair, unless a repair failed)
     */
    public List<Drift> repair(PoolName pool) {
        Set<String> bridges = audit(pool).stream().filter(Drift::repairable).map(Drift::network).collect(Collectors.toSet());
        for (Network network : networks.networks()) {
            if (bridges.contains(network.bridge().value())) {
                hypervisor.refreshVlanNetwork(pool, network);
            }
        }
        return audit(pool);
    }
}
