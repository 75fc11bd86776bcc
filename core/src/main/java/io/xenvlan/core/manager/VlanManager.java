package io.xenvlan.core.manager;

import io.xenvlan.core.error.NotFoundException;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * nova-network's VlanManager: networks carved from a range, one VLAN each, handed to projects on
 * demand; fixed IPs and unique MACs allocated per instance; release with lease bookkeeping.
 * Validates every input before the store is touched; all concurrency control lives in the store.
 * Thread-safe.
 */
public final class VlanManager {
    private final NetworkStore store;
    private final Clock clock;
    private final VlanManagerConfig config;

    public VlanManager(NetworkStore store, Clock clock, VlanManagerConfig config) {
        this.store = store;
        this.clock = clock;
        this.config = config;
    }

    /**
     * Creates {@code numNetworks} networks as {@code network create} does.
     * @throws io.xenvlan.core.error.InvalidInputException for a field breaking its rule
     * @throws io.xenvlan.core.error.ConflictException on overlap, VLAN, label, bridge or project clashes
     */
    public List<Network> createNetworks(NetworkRequest request) {
        return store.createNetworks(carving(request));
    }

    /** How {@code request}'s networks are carved out of the existing ones, for a store that creates them with more in one transaction. */
    public NetworkCarver carving(NetworkRequest request) {
        return new NetworkCarving(request);
    }

    public List<Network> networks() {
        return store.networks();
    }

    /**
     * Finds a network by id, label, uuid or bridge.
     * @throws NotFoundException when none matches
     */
    public Network network(String ref) {
        return NetworkLookup.find(store, ref);
    }

    /** @throws io.xenvlan.core.error.ConflictException while addresses are allocated */
    public Network deleteNetwork(String ref) {
        Network network = network(ref);
        store.deleteNetwork(network.id());
        return network;
    }

    /** Gives the project its network (the requested one, or the free one with the lowest VLAN). */
    public Network associate(ProjectId project, Optional<String> networkRef) {
        return store.associate(project, networkRef.map(ref -> network(ref).id()));
    }

    public Network disassociate(ProjectId project) {
        return store.disassociate(project);
    }

    /** The project's network. @throws NotFoundException when it has none */
    public Network networkOf(ProjectId project) {
        return store.networkOf(project).orElseThrow(() -> new NotFoundException("project", project.value()));
    }

    /**
     * Allocates a fixed IP (the requested one or a free one) and a VIF with a unique MAC for the
     * instance, associating a network with the project on its first allocation; one transaction.
     */
    public Allocation allocate(ProjectId project, InstanceId instance, Optional<String> address) {
        Instant now = clock.instant();
        AllocationRequest request = new AllocationRequest(project, instance,
                address.map(a -> Ipv4Address.parse("address", a)), now, now.minus(config.staleTimeout()), Optional.empty());
        return store.allocate(request);
    }

    /**
     * Allocates a free fixed IP for the VIF an attach recorded (in state attaching) before it
     * allocates: the store records the address on that VIF in the same transaction.
     *
     * @throws io.xenvlan.core.error.ConflictException when no attach of that VIF is in progress
     */
    public Allocation allocateForVif(ProjectId project, InstanceId instance, UUID vifUuid) {
        Instant now = clock.instant();
        return store.allocate(new AllocationRequest(project, instance, Optional.empty(), now,
                now.minus(config.staleTimeout()), Optional.of(vifUuid)));
    }

    /** Whether the project has a network (an allocation would not associate one). */
    public boolean hasNetwork(ProjectId project) {
        return store.networkOf(project).isPresent();
    }

    /**
     * Releases one address; it becomes free when dnsmasq reports the lease gone or the stale timeout passed.
     * @throws io.xenvlan.core.error.ConflictException when a VIF of xenvlan holds it (detach the VM instead)
     */
    public FixedIp release(String address) {
        return store.release(Ipv4Address.parse("address", address), clock.instant());
    }

    /**
     * Releases every address of the instance.
     * @throws NotFoundException when it holds none
     * @throws io.xenvlan.core.error.ConflictException when a VIF of xenvlan holds one of them (nothing is released)
     */
    public List<FixedIp> releaseInstance(InstanceId instance) {
        List<FixedIp> released = store.releaseInstance(instance, clock.instant());
        if (released.isEmpty()) {
            throw new NotFoundException("instance", instance.value());
        }
        return released;
    }

    /** Addresses in use (or all with {@code all}), optionally of one network or project. */
    public List<FixedIp> addresses(Optional<String> networkRef, Optional<ProjectId> project, boolean all) {
        Optional<Long> networkId = networkRef.map(ref -> network(ref).id());
        project.ifPresent(this::networkOf);
        return store.addresses(new AddressFilter(networkId, project, Optional.empty(), !all));
    }

    /** Frees released addresses whose lease outlived the stale timeout; returns how many. */
    public int reclaimStale() {
        return store.reclaimStale(clock.instant().minus(config.staleTimeout()));
    }

    VlanManagerConfig config() {
        return config;
    }
}
