package io.xenvlan.core.port;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The VLAN manager's persistent state: networks, their fixed IPs and the VIFs holding them. Every
 * method is one transaction and safe to call from many threads and many processes sharing one
 * database; a method that throws has changed nothing.
 */
public interface NetworkStore {

    /**
     * Inserts the networks {@code carver} plans against the existing ones, with their reserved
     * addresses, atomically; creations never interleave.
     * @throws io.xenvlan.core.error.ExhaustedException when the MAC space has no room for them
     */
    List<Network> createNetworks(NetworkCarver carver);

    /** Every network, ordered by VLAN. */
    List<Network> networks();

    Optional<Network> network(long id);

    /** The network owned by the project, if any. */
    Optional<Network> networkOf(ProjectId project);

    /**
     * Deletes a network with its fixed IPs.
     * @throws io.xenvlan.core.error.NotFoundException when it does not exist
     * @throws io.xenvlan.core.error.ConflictException while addresses of it are allocated
     */
    void deleteNetwork(long id);

    /**
     * Gives the project a network: the one it has, else the requested one if free, else the free
     * network with the lowest VLAN. Racing calls for one project end with one network.
     * @throws io.xenvlan.core.error.ExhaustedException when no network is free
     * @throws io.xenvlan.core.error.ConflictException when the requested network belongs to someone else
     */
    Network associate(ProjectId project, Optional<Long> networkId);

    /**
     * Takes the network away from the project.
     * @throws io.xenvlan.core.error.NotFoundException when the project has no network
     * @throws io.xenvlan.core.error.ConflictException while addresses of it are allocated
     */
    Network disassociate(ProjectId project);

    /**
     * Associates a network on the project's first allocation and takes the requested or a free
     * fixed IP for a new VIF, whose MAC is unique (the store derives it from the address).
     * @throws io.xenvlan.core.error.ExhaustedException no free network or address
     * @throws io.xenvlan.core.error.InvalidInputException requested address outside the network or reserved
     * @throws io.xenvlan.core.error.ConflictException requested address taken
     */
    Allocation allocate(AllocationRequest request);

    /**
     * Releases an allocated address: its VIF goes, the address stays unavailable until dnsmasq
     * reports the lease gone or the stale timeout passes.
     * @throws io.xenvlan.core.error.NotFoundException when no network holds the address
     * @throws io.xenvlan.core.error.ConflictException when it is not allocated
     */
    FixedIp release(Ipv4Address address, Instant now);

    /** Releases every address of the instance; returns them (empty when it had none). */
    List<FixedIp> releaseInstance(InstanceId instance, Instant now);

    /** Fixed IPs matching the filter, ordered by address. */
    List<FixedIp> addresses(AddressFilter filter);

    /** Frees, in bulk, released addresses still marked leased whose release is older than {@code staleBefore}. */
    int reclaimStale(Instant staleBefore);
}
