package io.xenvlan.xenapi.compute;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolInventory;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolNetworkView;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.hypervisor.VifRequest;
import io.xenvlan.core.hypervisor.VmInfo;
import io.xenvlan.core.hypervisor.VmKind;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.HypervisorNetworking;
import io.xenvlan.core.port.PoolStore;
import io.xenvlan.core.time.Sleeper;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.xenapi.client.HostRecord;
import io.xenvlan.xenapi.client.NetworkRecord;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.VmPowerState;
import io.xenvlan.xenapi.client.VmRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link HypervisorNetworking} through XenAPI. The first ensure of a network on a pool in this
 * process runs under the database's (pool, network) lock ({@link PoolStore#ensureNetworkOnce}), so
 * processes sharing one database never create a second network or VLAN PIF; later attaches reuse
 * the verified ref and the hosts that had its PIF without touching the pool. A VM on a host the
 * verification did not see (a host that joined later) re-runs the ensure, which gives that host
 * its VLAN PIF, before its VIF is plugged: xapi would plug it onto a bridge with no uplink
 * otherwise. A network deleted behind xenvlan's back (HANDLE_INVALID) is ensured again.
 */
public final class XenApiHypervisorNetworking implements HypervisorNetworking, AutoCloseable {
    private final PoolStore pools;
    private final PoolClients clients;
    private final Retrying retrying;
    private final Sleeper sleeper;
    private final ExecutorService eventLoops;
    private final Map<PoolName, VmIndex> vmIndexes = new ConcurrentHashMap<>();
    private final VifPlacer placer = new VifPlacer(this::vmIndex);
    private final Map<String, VlanNetworkEnsurer.Ensured> verified = new ConcurrentHashMap<>();
    private final Map<String, Object> localLocks = new ConcurrentHashMap<>();

    /** @param eventLoops runs one VM event loop per pool in use (a long-running task each) */
    public XenApiHypervisorNetworking(PoolStore pools, PoolClients clients, ExecutorService eventLoops) {
        this(pools, clients, eventLoops, new Retrying(5, Duration.ofMillis(100), Sleeper.SYSTEM), Sleeper.SYSTEM);
    }

    /** @param sleeper how the VM event loops pause after a failed event.from */
    XenApiHypervisorNetworking(PoolStore pools, PoolClients clients, ExecutorService eventLoops, Retrying retrying,
                               Sleeper sleeper) {
        this.pools = pools;
        this.clients = clients;
        this.eventLoops = eventLoops;
        this.retrying = retrying;
        this.sleeper = sleeper;
    }

    /** Whether the pool's VM index has seen the VM (for tests of the event loop). */
    boolean indexKnows(PoolName pool, String vmUuid) {
        return vmIndex(pool).entry(vmUuid).isPresent();
    }

    private VmIndex vmIndex(PoolName pool) {
        return vmIndexes.computeIfAbsent(pool, p -> new VmIndex(p, clients.client(p), eventLoops, sleeper));
    }

    @Override
    public String ensureVlanNetwork(PoolName pool, Network network) {
        return ensured(pool, network).ref();
    }

    private VlanNetworkEnsurer.Ensured ensured(PoolName pool, Network network) {
        String key = pool + "/" + network.id();
        VlanNetworkEnsurer.Ensured known = verified.get(key);
        if (known != null) {
            return known;
        }
        synchronized (localLocks.computeIfAbsent(key, k -> new Object())) {
            known = verified.get(key);
            if (known == null) {
                XenApiClient client = clients.client(pool);
                AtomicReference<VlanNetworkEnsurer.Ensured> result = new AtomicReference<>();
                pools.ensureNetworkOnce(pool, network, recorded -> {
                    VlanNetworkEnsurer.Ensured e = retrying.run(pool, "ensure VLAN network " + network.bridge(),
                            () -> VlanNetworkEnsurer.ensure(client, pool, network, recorded));
                    result.set(e);
                    return e.ref();
                });
                known = result.get();
                verified.put(key, known);
            }
            return known;
        }
    }

    private void forgetVerified(PoolName pool, Network network) {
        verified.remove(pool + "/" + network.id());
    }

    @Override
    public VmInfo vm(PoolName pool, InstanceId vmUuid) {
        XenApiClient client = clients.client(pool);
        VmIndex.Entry vm = retrying.run(pool, "look up VM " + vmUuid, () -> placer.vm(client, pool, vmUuid));
        VmRecord r = vm.record();
        boolean running = r.powerState() == VmPowerState.RUNNING && !r.residentOn().isNull();
        return new VmInfo(r.uuid(), r.nameLabel(), VmKind.of(r.isATemplate(), r.isASnapshot(), r.isControlDomain()), running,
                running ? Optional.of(r.residentOn().value()) : Optional.empty());
    }

    @Override
    public PlacedVif attachVif(PoolName pool, VifRequest request) {
        PoolSettings settings = clients.settings(pool);
        XenApiClient client = clients.client(pool);
        boolean bridge = settings.vifDriver() == VifDriver.BRIDGE;
        for (int attempt = 0; ; attempt++) {
            Ref<NetworkRecord> network = Ref.of(bridge ? ensureVlanNetwork(pool, request.network())
                    : integrationNetwork(client, settings));
            try {
                return retrying.run(pool, "attach VIF " + request.mac() + " to VM " + request.vmUuid(),
                        () -> placer.attach(client, pool, request, network, !bridge, host -> requirePif(pool, request.network(), host)));
            } catch (XenApiException e) {
                boolean networkGone = "HANDLE_INVALID".equals(e.errorCode()) && "network".equals(e.param(0));
                if (!networkGone || !bridge || attempt > 0) {
                    throw e;
                }
                forgetVerified(pool, request.network()); // deleted behind our back: ensure makes it again
            }
        }
    }

    /**
     * The blueprint's per-host step before a plug: the host the VM runs on has a PIF on the
     * network, or gets one now (the ensure adds a VLAN PIF to every host lacking it).
     *
     * @return true when the host had none
     * @throws BackendFailureException when the host still has none
     */
    private boolean requirePif(PoolName pool, Network network, Ref<HostRecord> host) {
        if (ensured(pool, network).hosts().contains(host)) {
            return false;
        }
        forgetVerified(pool, network);
        if (ensured(pool, network).hosts().contains(host)) {
            return true;
        }
        throw new BackendFailureException("xenapi", "VLAN_PIF_MISSING", List.of(pool.value(), network.bridge().value(), host.value()),
                "pool " + pool + ": the VM's host " + host + " has no PIF on network " + network.bridge() + " (VLAN "
                        + network.vlan() + ") and the pool did not list it among its hosts; the VIF is not plugged", null);
    }

    private static String integrationNetwork(XenApiClient client, PoolSettings settings) {
        String label = settings.integrationNetwork().orElseThrow();
        List<Ref<NetworkRecord>> found = client.networks().getByNameLabel(label);
        if (found.isEmpty()) {
            throw new NotFoundException("integration_network", settings.name() + "/" + label);
        }
        return found.get(0).value();
    }

    @Override
    public boolean detachVif(PoolName pool, InstanceId vmUuid, UUID xenvlanVifUuid) {
        XenApiClient client = clients.client(pool);
        return retrying.run(pool, "detach VIF " + xenvlanVifUuid + " from VM " + vmUuid,
                () -> placer.detach(client, pool, vmUuid, xenvlanVifUuid));
    }

    @Override
    public String refreshVlanNetwork(PoolName pool, Network network) {
        forgetVerified(pool, network);
        return ensureVlanNetwork(pool, network);
    }

    @Override
    public List<PoolNetworkView> networks(PoolName pool) {
        return PoolInventories.inventory(clients.client(pool)).networks();
    }

    @Override
    public PoolInventory inventory(PoolName pool) {
        XenApiClient client = clients.client(pool);
        return retrying.run(pool, "read the pool's inventory", () -> PoolInventories.withVms(client));
    }

    /** Stops the VM event loops (the executor itself belongs to the caller). */
    @Override
    public void close() {
        vmIndexes.values().forEach(VmIndex::close);
        vmIndexes.clear();
    }
}
