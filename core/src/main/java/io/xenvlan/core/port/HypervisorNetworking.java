package io.xenvlan.core.port;

import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolInventory;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolNetworkView;
import io.xenvlan.core.hypervisor.VifRequest;
import io.xenvlan.core.hypervisor.VmInfo;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import java.util.List;
import java.util.UUID;

/**
 * The compute side: what xenvlan needs a hypervisor pool to do for a tenant network. Every method
 * is idempotent (a retry after a failure or a crash converges) and safe to call concurrently from
 * many threads and processes. Failures are {@link io.xenvlan.core.error.XenvlanException}s; a
 * hypervisor error keeps its own code and parameters. Every VIF xenvlan makes carries its
 * xenvlan VIF uuid (and the deployment id) in the pool, and is found again by it.
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
     * The VM's record, changing nothing.
     *
     * @throws io.xenvlan.core.error.NotFoundException when the pool has no VM with that uuid
     */
    VmInfo vm(PoolName pool, InstanceId vmUuid);

    /**
     * Makes the VM have the VIF: finds the VIF tagged with the request's xenvlan VIF uuid, else
     * creates it (locked to its MAC and address); makes sure the VLAN PIF exists on the host the
     * VM runs on, then plugs it when the VM runs. A VIF it finds with other locking is locked again.
     *
     * @throws io.xenvlan.core.error.NotFoundException when the pool or the VM does not exist
     * @throws io.xenvlan.core.error.BackendFailureException when the VM's host cannot get the VLAN PIF
     */
    PlacedVif attachVif(PoolName pool, VifRequest request);

    /**
     * Unplugs and destroys the VM's VIF tagged with that xenvlan VIF uuid.
     *
     * @return whether there was one (a missing VM or VIF is no error)
     */
    boolean detachVif(PoolName pool, InstanceId vmUuid, UUID xenvlanVifUuid);

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
     * The pool's hosts, networks, VMs and VIFs for audits. The default derives the hosts from the
     * networks' PIFs (every host has a PIF on a pool-wide network) and lists no VMs or VIFs;
     * implementations that can list them do.
     */
    default PoolInventory inventory(PoolName pool) {
        List<PoolNetworkView> networks = networks(pool);
        List<String> hosts = networks.stream().flatMap(n -> n.tagsByHost().keySet().stream()).distinct().sorted().toList();
        return new PoolInventory(hosts, networks);
    }
}
