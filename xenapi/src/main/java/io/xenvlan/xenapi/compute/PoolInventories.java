package io.xenvlan.xenapi.compute;

import io.xenvlan.core.hypervisor.PoolInventory;
import io.xenvlan.core.hypervisor.PoolNetworkView;
import io.xenvlan.xenapi.client.HostRecord;
import io.xenvlan.xenapi.client.NetworkRecord;
import io.xenvlan.xenapi.client.PifRecord;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.XenApiClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What exists on a pool, in three calls, for audits and reconciliation. */
final class PoolInventories {
    private PoolInventories() {
    }

    static PoolInventory inventory(XenApiClient client) {
        Map<Ref<HostRecord>, HostRecord> hosts = client.hosts().getAllRecords();
        Map<Ref<PifRecord>, PifRecord> pifs = client.pifs().getAllRecords();
        List<PoolNetworkView> views = new ArrayList<>();
        client.networks().getAllRecords().forEach((ref, network) -> {
            Map<String, Long> tags = new LinkedHashMap<>();
            for (Ref<PifRecord> pifRef : network.pifs()) {
                PifRecord pif = pifs.get(pifRef);
                if (pif != null) {
                    HostRecord host = hosts.get(pif.host());
                    tags.put(host == null ? pif.host().value() : host.nameLabel(), pif.vlan());
                }
            }
            views.add(new PoolNetworkView(ref.value(), network.nameLabel(), network.bridge(), networkId(network), tags));
        });
        return new PoolInventory(hosts.values().stream().map(HostRecord::nameLabel).toList(), views);
    }

    private static Optional<Long> networkId(NetworkRecord network) {
        try {
            return Optional.ofNullable(network.otherConfig().get(VlanNetworkEnsurer.NETWORK_ID_KEY)).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
