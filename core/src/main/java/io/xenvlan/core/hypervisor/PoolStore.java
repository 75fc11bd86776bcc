package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Pools and the XenAPI refs xenvlan created on them. The database is the coordinator between
 * processes: {@link #ensureNetworkOnce} serialises the creation of one network on one pool.
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

    /** Records where xenvlan's VIF lives on the pool (replacing an earlier record of it). */
    void recordVif(PlacedVif vif);

    Optional<PlacedVif> vif(UUID xenvlanVifUuid);

    /** VIFs recorded for a VM on a pool. */
    List<PlacedVif> vifsOfVm(PoolName pool, String vmUuid);

    void forgetVif(UUID xenvlanVifUuid);
}
