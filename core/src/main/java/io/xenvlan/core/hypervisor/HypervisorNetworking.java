package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.MacAddress;
import java.util.List;

/**
 * The compute side: what xenvlan needs a hypervisor pool to do for a tenant network. Every method
 * is idempotent (a retry after a failure or a crash converges) and safe to call concurrently from
 * many threads and processes. Failures are {@link io.xenvlan.core.error.XenvlanException}s; a
 * hypervisor error keeps its own code and parameters.
 */
public interface HypervisorNetworking {

    /**
     * Makes the network's VLAN network exist on every host of the pool (the blueprint's steps,
     * race-free) and returns its ref.
     *
     * @throws io.xenvlan.core.error.ConflictException when a network with the bridge's name carries
     *         another tag or sits on another device, naming pool, host, PIF, expected and found tag
     * @throws io.xenvlan.core.error.BackendFailureException when a host lacks the trunk device (named)
     */
    String ensureVlanNetwork(PoolName pool, Network network);

    /**
     * Creates the VIF on the VM (reusing one with the same MAC), and plugs it when the VM runs.
     *
     * @throws io.xenvlan.core.error.NotFoundException when the pool or the VM does not exist
     */
    PlacedVif attachVif(PoolName pool, VifRequest request);

    /** Unplugs and destroys the VM's VIF with that MAC; nothing happens when there is none. */
    void detachVif(PoolName pool, String vmUuid, MacAddress mac);

    /** The pool's networks, with the VLAN tag of each host's PIF, for audits. */
    List<PoolNetworkView> networks(PoolName pool);

    /**
     * As {@link #ensureVlanNetwork}, but checks the pool again even when this process verified the
     * network before (what a repair after an audit needs). Decorators should forward it; the
     * default only ensures.
     */
    default String refreshVlanNetwork(PoolName pool, Network network) {
        return ensureVlanNetwork(pool, network);
    }

    /**
     * The pool's hosts and networks for audits. The default derives the hosts from the networks'
     * PIFs (every host has a PIF on a pool-wide network); implementations that can list hosts do.
     */
    default PoolInventory inventory(PoolName pool) {
        List<PoolNetworkView> networks = networks(pool);
        List<String> hosts = networks.stream().flatMap(n -> n.tagsByHost().keySet().stream()).distinct().sorted().toList();
        return new PoolInventory(hosts, networks);
    }
}
