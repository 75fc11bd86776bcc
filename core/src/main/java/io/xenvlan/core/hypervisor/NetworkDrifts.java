package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * The network half of an audit: each network recorded on the pool exists, every host has its
 * VLAN PIF with the right tag, no namesake sits beside it, and no network names a xenvlan
 * network that does not exist.
 */
final class NetworkDrifts {
    private NetworkDrifts() {
    }

    /** @param recordedRef the ref the store recorded for a network id on this pool */
    static List<Drift> find(PoolName pool, PoolInventory inventory, List<Network> known, LongFunction<Optional<String>> recordedRef) {
        Map<String, PoolNetworkView> byRef = inventory.networks().stream()
                .collect(Collectors.toMap(PoolNetworkView::ref, v -> v, (a, b) -> a));
        List<Drift> drift = new ArrayList<>();
        for (Network network : known) {
            Optional<String> recorded = recordedRef.apply(network.id());
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
}
