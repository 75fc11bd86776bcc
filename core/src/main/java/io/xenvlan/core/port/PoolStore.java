package io.xenvlan.core.port;

import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.StoredVif;
import io.xenvlan.core.hypervisor.UnrecordedAddress;
import io.xenvlan.core.hypervisor.VmClaim;
import io.xenvlan.core.hypervisor.Worker;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

/**
 * Pools, the XenAPI refs xenvlan created on them, and xenvlan's VIFs with the operations on them.
 * The database is the coordinator between processes: {@link #ensureNetworkOnce} serialises the
 * creation of one network on one pool, {@link #claimVm} the operations on one VM. Every method
 * is one transaction, durable when it returns.
 */
public interface PoolStore {

    /** @throws io.xenvlan.core.error.ConflictException when a pool with that name exists */
    void addPool(PoolSettings pool);

    List<PoolSettings> pools();

    Optional<PoolSettings> pool(PoolName name);

    /**
     * @throws io.xenvlan.core.error.NotFoundException when there is no such pool
     * @throws io.xenvlan.core.error.ConflictException while VIFs recorded on it remain
     */
    void removePool(PoolName name);

    /** The XenAPI network ref recorded for the network on the pool. */
    Optional<String> networkRef(PoolName pool, long networkId);

    /**
     * Runs {@code ensure} while holding the (pool, network) lock in the database, given the ref
     * recorded so far, and records the ref it returns. Concurrent callers in any process run one
     * after the other and each sees what the previous one recorded. {@code ensure} may be run
     * again when the database asks for a retry, so it must be idempotent.
     *
     * @throws io.xenvlan.core.error.NotFoundException when the pool or the network does not exist
     */
    String ensureNetworkOnce(PoolName pool, Network network, Function<Optional<String>, String> ensure);

    /** This store's deployment id, written into every VIF xenvlan makes so it tells its own from others'. */
    UUID deployment();

    /** Records that the worker lives (registering it on its first beat), in the database's time. */
    void heartbeat(Worker worker);

    /** Forgets a worker that stops (it holds nothing any more). */
    void retire(Worker worker);

    /**
     * Forgets every worker but this one and frees their claims: for a process that knows it is the
     * store's only user (an embedded store one process opens), every other worker is dead.
     *
     * @return how many were forgotten
     */
    int retireAllBut(Worker worker);

    /**
     * The project the VM belongs to: the one whose VIF it got first.
     *
     * @throws io.xenvlan.core.error.NotFoundException when the pool does not exist
     */
    Optional<ProjectId> vmOwner(PoolName pool, InstanceId vmUuid);

    /**
     * Claims the VM for the worker unless another worker whose heartbeat is younger than
     * {@code staleAfter} holds it (a claim of a dead worker is taken over).
     *
     * @return the claim, or empty while a live worker holds the VM
     * @throws io.xenvlan.core.error.NotFoundException when the pool does not exist
     */
    Optional<VmClaim> claimVm(PoolName pool, InstanceId vmUuid, Worker worker, Duration staleAfter);

    /** Lets go of the VM (nothing happens unless the worker holds it). */
    void releaseVm(PoolName pool, InstanceId vmUuid, Worker worker);

    /**
     * VMs of the pool with unfinished VIF operations (attaching or detaching) that no live worker
     * holds: the ones recovery must take in hand.
     */
    List<InstanceId> vmsToRecover(PoolName pool, Duration staleAfter);

    /**
     * Records the intent to attach NIC {@code nic} of the VM for the project: a VIF in state
     * attaching with a new xenvlan VIF uuid, before anything is allocated or touches the pool.
     * The caller holds the VM's claim.
     *
     * @throws io.xenvlan.core.error.ConflictException when the VM has that NIC already
     */
    UUID beginAttach(PoolName pool, InstanceId vmUuid, int nic, ProjectId project, OptionalLong rateKbps);

    /**
     * Marks the VIF attached where it now lives (and makes the VM the project's when it belongs to
     * nobody yet).
     *
     * @throws io.xenvlan.core.error.ConflictException when the VIF is no longer being attached
     *         (recovery undid it meanwhile); the caller then takes its VIF off the pool again
     */
    void finishAttach(PlacedVif placed);

    /** Marks the VIF detaching, before it is taken off the pool. */
    void beginDetach(UUID xenvlanVifUuid);

    /**
     * In one transaction: releases the address the VIF holds, if any, and forgets the VIF. Call it
     * only once the VIF is gone from the pool.
     *
     * @return what was forgotten (empty when the store knew no such VIF)
     */
    Optional<StoredVif> forgetVif(UUID xenvlanVifUuid, Instant now);

    Optional<StoredVif> vif(UUID xenvlanVifUuid);

    /** The VIFs recorded for a VM on a pool, in NIC order. */
    List<StoredVif> vifsOfVm(PoolName pool, InstanceId vmUuid);

    /** Every VIF recorded on the pool, for audits. */
    List<StoredVif> vifsOfPool(PoolName pool);

    /** The VMs that belong to a project on the pool (they had a VIF of xenvlan), for audits. */
    List<InstanceId> ownedVms(PoolName pool);

    /** Allocated addresses whose VIF uuid no recorded VIF has (of any pool), for audits. */
    List<UnrecordedAddress> unrecordedAddresses();
}
