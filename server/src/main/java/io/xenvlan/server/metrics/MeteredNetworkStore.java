package io.xenvlan.server.metrics;

import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.AddressFilter;
import io.xenvlan.core.port.AllocationRequest;
import io.xenvlan.core.port.NetworkCarver;
import io.xenvlan.core.port.NetworkStore;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A {@link NetworkStore} that counts allocations and, by error code, the failures of every write. */
public final class MeteredNetworkStore implements NetworkStore {
    private final NetworkStore store;
    private final ServerMetrics metrics;

    public MeteredNetworkStore(NetworkStore store, ServerMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    private <T> T counted(String operation, Supplier<T> work) {
        try {
            return work.get();
        } catch (XenvlanException e) {
            metrics.failure(operation, e.code());
            throw e;
        } catch (RuntimeException e) {
            metrics.failure(operation, "internal");
            throw e;
        }
    }

    @Override
    public List<Network> createNetworks(NetworkCarver carver) {
        return counted("create_networks", () -> store.createNetworks(carver));
    }

    @Override
    public List<Network> networks() {
        return store.networks();
    }

    @Override
    public Optional<Network> network(long id) {
        return store.network(id);
    }

    @Override
    public Optional<Network> networkOf(ProjectId project) {
        return store.networkOf(project);
    }

    @Override
    public void deleteNetwork(long id) {
        counted("delete_network", () -> {
            store.deleteNetwork(id);
            return null;
        });
    }

    @Override
    public Network associate(ProjectId project, Optional<Long> networkId) {
        return counted("associate", () -> store.associate(project, networkId));
    }

    @Override
    public Network disassociate(ProjectId project) {
        return counted("disassociate", () -> store.disassociate(project));
    }

    @Override
    public Allocation allocate(AllocationRequest request) {
        Allocation a = counted("allocate", () -> store.allocate(request));
        metrics.allocation();
        return a;
    }

    @Override
    public FixedIp release(Ipv4Address address, Instant now) {
        return counted("release", () -> store.release(address, now));
    }

    @Override
    public List<FixedIp> releaseInstance(InstanceId instance, Instant now) {
        return counted("release", () -> store.releaseInstance(instance, now));
    }

    @Override
    public List<FixedIp> addresses(AddressFilter filter) {
        return store.addresses(filter);
    }

    @Override
    public int reclaimStale(Instant staleBefore) {
        return store.reclaimStale(staleBefore);
    }
}
