package io.xenvlan.xenapi.compute;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.hypervisor.PoolInventory;
import io.xenvlan.core.hypervisor.PoolVif;
import io.xenvlan.core.hypervisor.PoolVm;
import io.xenvlan.core.hypervisor.VmKind;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.hypervisor.PoolNetworkView;
import io.xenvlan.xenapi.client.HostRecord;
import io.xenvlan.xenapi.client.NetworkRecord;
import io.xenvlan.xenapi.client.PifRecord;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.VmRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What exists on a pool, for audits and reconciliation: hosts, PIFs and networks in three calls,
 * with VMs and VIFs in two more. MACs are read case-insensitively (xapi keeps them as given).
 */
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

    /** Hosts, networks, the VM table (kinds told apart) and every VIF. */
    static PoolInventory withVms(XenApiClient client) {
        PoolInventory base = inventory(client);
        Map<Ref<VmRecord>, VmRecord> vms = client.vms().getAllRecords();
        List<PoolVm> vmViews = vms.values().stream().map(vm -> new PoolVm(vm.uuid(), vm.nameLabel(),
                VmKind.of(vm.isATemplate(), vm.isASnapshot(), vm.isControlDomain()))).toList();
        List<PoolVif> vifs = new ArrayList<>();
        client.vifs().getAllRecords().forEach((ref, vif) -> {
            VmRecord vm = vms.get(vif.vm());
            vifs.add(new PoolVif(ref.value(), vm == null ? "" : vm.uuid(), vif.network().value(), vif.device(), mac(vif.mac()),
                    uuid(vif.otherConfig().get(VifPlacer.VIF_ID_KEY)), uuid(vif.otherConfig().get(VifPlacer.DEPLOYMENT_KEY)),
                    vif.lockingMode(), vif.ipv4Allowed(), vif.currentlyAttached()));
        });
        return new PoolInventory(base.hosts(), base.networks(), vmViews, vifs);
    }

    private static Optional<MacAddress> mac(String text) {
        try {
            return Optional.of(MacAddress.parse(text));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.ofNullable(text).map(String::trim).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> networkId(NetworkRecord network) {
        try {
            return Optional.ofNullable(network.otherConfig().get(VlanNetworkEnsurer.NETWORK_ID_KEY)).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
