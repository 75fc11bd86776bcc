package io.xenvlan.xenapi.compute;

import io.xenvlan.core.hypervisor.PoolGuest;
import io.xenvlan.core.hypervisor.PoolHost;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.port.PoolMachines;
import io.xenvlan.xenapi.client.HostRecord;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.VmRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link PoolMachines} over XenAPI: {@code host.get_all_records} and {@code VM.get_all_records}, one call each. */
public final class XenApiPoolMachines implements PoolMachines {
    private final PoolClients clients;

    public XenApiPoolMachines(PoolClients clients) {
        this.clients = clients;
    }

    @Override
    public List<PoolHost> hosts(PoolName pool) {
        return clients.client(pool).hosts().getAllRecords().values().stream()
                .map(h -> new PoolHost(h.nameLabel(), h.uuid(), h.address(), h.enabled()))
                .sorted(Comparator.comparing(PoolHost::name).thenComparing(PoolHost::uuid)).toList();
    }

    @Override
    public List<PoolGuest> vms(PoolName pool) {
        XenApiClient client = clients.client(pool);
        Map<Ref<VmRecord>, VmRecord> vms = client.vms().getAllRecords();
        Map<Ref<HostRecord>, HostRecord> hosts = client.hosts().getAllRecords();
        return vms.values().stream().filter(vm -> !vm.isATemplate() && !vm.isControlDomain())
                .map(vm -> new PoolGuest(vm.nameLabel(), vm.uuid(), vm.powerState().wireName(), hostOf(vm, hosts)))
                .sorted(Comparator.comparing(PoolGuest::name).thenComparing(PoolGuest::uuid)).toList();
    }

    private static Optional<String> hostOf(VmRecord vm, Map<Ref<HostRecord>, HostRecord> hosts) {
        if (vm.residentOn() == null || vm.residentOn().isNull()) {
            return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(hosts.get(vm.residentOn())).map(HostRecord::nameLabel).orElse(vm.residentOn().value()));
    }
}
