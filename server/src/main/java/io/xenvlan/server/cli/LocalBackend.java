package io.xenvlan.server.cli;

import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestRequest;
import io.xenvlan.core.guest.UserData;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.hypervisor.AttachRequest;
import io.xenvlan.core.hypervisor.Drift;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.concurrent.Closer;
import io.xenvlan.server.ComputeSide;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.config.ConfigLoader;
import io.xenvlan.server.compute.ComputeServices;
import io.xenvlan.server.compute.GuestAttachments;
import io.xenvlan.server.compute.VifFilter;
import io.xenvlan.server.compute.VifRow;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.server.render.AllocationView;
import io.xenvlan.server.render.AttachedVifView;
import io.xenvlan.server.render.ComputeViews;
import io.xenvlan.server.render.DetachmentView;
import io.xenvlan.server.render.DriftView;
import io.xenvlan.server.render.FixedIpView;
import io.xenvlan.server.render.GuestViews;
import io.xenvlan.server.render.HostView;
import io.xenvlan.server.render.InventoryViews;
import io.xenvlan.server.render.NetworkView;
import io.xenvlan.server.render.PoolView;
import io.xenvlan.server.render.VifDetailView;
import io.xenvlan.server.render.VifView;
import io.xenvlan.server.render.Views;
import io.xenvlan.server.render.VmView;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.UUID;

/** The commands' work done on the store with the VLAN manager. */
final class LocalBackend implements Backend {
    private final JdbcStore store;
    private final VlanManager manager;
    private final Closer closing = new Closer("xenvlan");
    private final Path poolSecrets;
    private ComputeServices compute;

    LocalBackend(JdbcStore store, Path poolSecrets) {
        this.store = store;
        this.poolSecrets = poolSecrets;
        this.manager = GlobalOptions.manager(store);
    }

    /** The open store underneath, for commands the Backend interface has no method for. */
    JdbcStore store() {
        return store;
    }

    @Override
    public List<NetworkView> createNetworks(NetworkRequest request) {
        return Views.networks(manager.createNetworks(request));
    }

    @Override
    public List<NetworkView> createNetworks(NetworkRequest request, boolean autoFloating) {
        return Views.networks(ServiceWiring.floating(store, Clock.systemUTC(), ConfigLoader.floatingFromEnvironment(System.getenv()))
                .createNetworks(manager, request, autoFloating));
    }

    @Override
    public List<NetworkView> networks() {
        return Views.networks(manager.networks());
    }

    @Override
    public NetworkView network(String ref) {
        return Views.network(manager.network(ref));
    }

    @Override
    public NetworkView deleteNetwork(String ref) {
        return Views.network(manager.deleteNetwork(ref));
    }

    @Override
    public NetworkView associate(String project, Optional<String> networkRef) {
        return Views.network(manager.associate(ProjectId.of(project), networkRef));
    }

    @Override
    public NetworkView disassociate(String project) {
        return Views.network(manager.disassociate(ProjectId.of(project)));
    }

    @Override
    public AllocationView allocate(String project, String instance, Optional<String> address) {
        return Views.allocation(manager.allocate(ProjectId.of(project), InstanceId.of(instance), address));
    }

    @Override
    public FixedIpView release(String address) {
        return Views.fixedIp(manager.release(address));
    }

    @Override
    public List<FixedIpView> releaseInstance(String instance) {
        return Views.fixedIps(manager.releaseInstance(InstanceId.of(instance)));
    }

    @Override
    public List<FixedIpView> addresses(Optional<String> networkRef, Optional<String> project, boolean all) {
        return Views.fixedIps(manager.addresses(networkRef, project.map(ProjectId::of), all));
    }

    private ComputeServices compute() {
        if (compute == null) {
            compute = closing.add(ComputeSide.on(store, manager, new ServerMetrics()).poolSecrets(poolSecrets)
                    .floating(ServiceWiring.attachFloating(ServiceWiring.floating(store, Clock.systemUTC(),
                            ConfigLoader.floatingFromEnvironment(System.getenv())))).start()).services();
        }
        return compute;
    }

    @Override
    public PoolView addPool(PoolSettings pool, boolean verify) {
        compute().registration().add(pool, verify);
        return ComputeViews.pool(pool);
    }

    @Override
    public List<PoolView> pools(boolean hosts) {
        return compute().pools().pools().stream().map(p -> hosts
                ? InventoryViews.withHosts(ComputeViews.pool(p), compute().machines(), p.name(), true) : ComputeViews.pool(p)).toList();
    }

    @Override
    public List<HostView> poolHosts(String pool) {
        return compute().machines().hosts(registered(pool)).stream().map(InventoryViews::host).toList();
    }

    @Override
    public List<VmView> poolVms(String pool) {
        PoolName name = registered(pool);
        List<io.xenvlan.core.hypervisor.PoolGuest> vms = compute().machines().vms(name);
        Map<String, List<io.xenvlan.server.compute.VifRow>> vifs = compute().vifs().byVm(name);
        return vms.stream().map(vm -> InventoryViews.vm(vm, vifs.getOrDefault(vm.uuid(), List.of()))).toList();
    }

    private PoolName registered(String pool) {
        PoolName name = PoolName.of(pool);
        compute().pools().pool(name).orElseThrow(() -> new NotFoundException("pool", name.value()));
        return name;
    }

    @Override
    public PoolView removePool(String name) {
        PoolName pool = PoolName.of(name);
        PoolSettings settings = compute().pools().pool(pool).orElseThrow(() -> new NotFoundException("pool", pool.value()));
        compute().pools().removePool(pool);
        return ComputeViews.pool(settings);
    }

    @Override
    public AttachedVifView attach(String project, String pool, String vm, OptionalLong rateKbps, int nic, GuestRequest guest) {
        // on the store directly the caller may do anything, as an admin may
        AttachRequest request = new AttachRequest(ProjectId.of(project), PoolName.of(pool), InstanceId.of(vm), nic, rateKbps, true);
        GuestAttachments.Attached a = compute().guestAttachments().attach(request, guest);
        return ComputeViews.attached(a.vif(), a.guest());
    }

    @Override
    public DetachmentView detach(String pool, String vm) {
        return ComputeViews.detachment(compute().guestAttachments().detach(Optional.empty(), PoolName.of(pool), InstanceId.of(vm)));
    }

    @Override
    public List<VifView> vifs(Optional<String> pool, Optional<String> vm, Optional<String> project) {
        return compute().vifs().list(new VifFilter(pool, vm, project)).stream().map(ComputeViews::vif).toList();
    }

    @Override
    public VifDetailView vif(UUID vif) {
        VifRow row = compute().vifs().find(vif).orElseThrow(() -> new NotFoundException("vif", vif.toString()));
        return GuestViews.with(row, compute().guests().of(vif));
    }

    @Override
    public byte[] userData(UUID vif) {
        return compute().guests().of(vif).flatMap(GuestProfile::userData).map(UserData::bytes)
                .orElseThrow(() -> new NotFoundException("user_data", vif.toString()));
    }

    @Override
    public List<DriftView> audit(Optional<String> pool, boolean repair) {
        List<PoolName> names = pool.isPresent() ? List.of(PoolName.of(pool.get()))
                : compute().pools().pools().stream().map(PoolSettings::name).toList();
        List<DriftView> drift = new ArrayList<>();
        for (PoolName name : names) {
            compute().pools().pool(name).orElseThrow(() -> new NotFoundException("pool", name.value()));
            try {
                (repair ? compute().audit().repair(name) : compute().audit().audit(name)).forEach(d -> drift.add(ComputeViews.drift(d)));
            } catch (XenvlanException e) {
                if (pool.isPresent()) {
                    throw e;
                }
                drift.add(ComputeViews.drift(Drift.unreachable(name, e.getMessage())));
            }
        }
        return drift;
    }

    @Override
    public void close() {
        closing.close(); // XenAPI sessions: best effort (a failure is logged); the store closes regardless
        store.close();
    }
}
