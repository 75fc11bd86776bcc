package io.xenvlan.xenapi.compute;

import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.HypervisorNetworking;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolInventory;
import io.xenvlan.core.hypervisor.PoolNetworkView;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolStore;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.hypervisor.VifRequest;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.time.Sleeper;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.xenapi.client.NetworkRecord;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * {@link HypervisorNetworking} through XenAPI. The first ensure of a network on a pool in this
 * process runs under the database's (pool, network) lock ({@link PoolStore#ensureNetworkOnce}), so
 * processes sharing one database never create a second network or VLAN PIF; later attaches reuse
 * the verified ref without touching the pool, until XenAPI says the network or a host's PIF is
 * missing (a host that joined later), which re-runs the ensure.
 */
public final class XenApiHypervisorNetworking implements HypervisorNetworking, AutoCloseable {
    private final PoolStore pools;
    private final PoolClients clients;
    private final Retrying retrying;
    private final Sleeper sleeper;
    private final ExecutorService eventLoops;
    private final Map<PoolName, VmIndex> vmIndexes = new ConcurrentHashMap<>();
    private final VifPlacer placer = new VifPlacer(this::vmIndex);
    private final Map<String, String> verified = new ConcurrentHashMap<>();
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
        return vmIndex(pool).ref(vmUuid).isPresent();
    }

    private VmIndex vmIndex(PoolName pool) {
        return vmIndexes.computeIfAbsent(pool, p -> new VmIndex(p, clients.client(p), eventLoops, sleeper));
    }

    @Override
    public String ensureVlanNetwork(PoolName pool, Network network) {
        String key = pool + "/" + network.id();
        String ref = verified.get(key);
        if (ref != null) {
            return ref;
        }
        synchronized (localLocks.computeIfAbsent(key, k -> new Object())) {
            ref = verified.get(key);
            if (ref == null) {
                XenApiClient client = clients.client(pool);
                ref = pools.ensureNetworkOnce(pool, network, recorded -> retrying.run(pool,
                        "ensure VLAN network " + network.bridge(), () -> VlanNetworkEnsurer.ensure(client, pool, network, recorded)));
                verified.put(key, ref);
            }
            return ref;
        }
    }

    private void forgetVerified(PoolName pool, Network network) {
        verified.remove(pool + "/" + network.id());
    }

    @Override
    public PlacedVif attachVif(PoolName pool, VifRequest request) {
        PoolSettings settings = clients.settings(pool);
        XenApiClient client = clients.client(pool);
        boolean bridge = settings.vifDriver() == VifDriver.BRIDGE;
        for (int attempt = 0; ; attempt++) {
            Ref<NetworkRecord> network = Ref.of(bridge ? ensureVlanNetwork(pool, request.network())
                    : integrationNetwork(client, settings));
            Runnable reEnsure = () -> refreshVlanNetwork(pool, request.network());
            try {
                return retrying.run(pool, "attach VIF " + request.mac() + " to VM " + request.vmUuid(),
                        () -> placer.attach(client, pool, request, network, !bridge, bridge ? reEnsure : () -> { }));
            } catch (XenApiException e) {
                boolean networkGone = "HANDLE_INVALID".equals(e.errorCode()) && "network".equals(e.param(0));
                if (!networkGone || !bridge || attempt > 0) {
                    throw e;
                }
                forgetVerified(pool, request.network()); // deleted behind our back: ensure makes it again
            }
        }
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
    public void detachVif(PoolName pool, String vmUuid, MacAddress mac) {
        XenApiClient client = clients.client(pool);
        retrying.run(pool, "detach VIF " + mac + " from VM " + vmUuid, () -> {
            placer.detach(client, pool, vmUuid, mac);
            return null;
        });
    }

    @Override
    public String refreshVlanNetwork(PoolName pool, Network network) {
        forgetVerified(pool, network);
        return ensureVlanNetwork(pool, network);
    }

    @Override
    public List<PoolNetworkView> networks(PoolName pool) {
        return inventory(pool).networks();
    }

    @Override
    public PoolInventory inventory(PoolName pool) {
        return PoolInventories.inventory(clients.client(pool));
    }

    /** Stops the VM event loops (the executor itself belongs to the caller). */
    @Override
    public void close() {
        vmIndexes.values().forEach(VmIndex::close);
        vmIndexes.clear();
    }
}
