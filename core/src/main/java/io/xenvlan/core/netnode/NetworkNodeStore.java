package io.xenvlan.core.netnode;

import io.xenvlan.core.network.Network;
import java.util.List;
import java.util.Map;

/**
 * What a network node reads from, and reports to, the store. The store is the only coordinator
 * between API processes and network nodes: the node learns about changes by watching
 * {@link #changeSequence()} and confirms what dnsmasq serves with {@link #markPublished}.
 */
public interface NetworkNodeStore {

    /**
     * Networks this node must serve: every network that has a project and is either unclaimed
     * (it is claimed for {@code node} atomically here) or already claimed by {@code node}.
     */
    List<Network> claimNetworks(String node);

    /** The static reservations of a network: every allocated fixed IP with its VIF's MAC. */
    List<HostEntry> hostEntries(long networkId);

    /**
     * The change marks and, read with them, for each network in {@code since} (network id to the
     * sequence up to which the node holds its entries) that is behind the marks' sequence, the
     * changes to its host entries stamped after that sequence up to the marks' sequence, with the
     * number of its entries stamped up to it. Reads only the changed rows and one count per
     * network, so a node that keeps its entries in memory publishes a storm without re-reading
     * every entry. On the embedded store this runs while no change is being written, like
     * {@link #changeSequence()}: a short read that also has the processor to itself.
     */
    NodeChanges changes(Map<Long, Long> since);

    /** Leases the store believes are active on a network (leased and not yet released). */
    List<ActiveLease> activeLeases(long networkId);

    /**
     * A number that grows whenever anything a network node serves changes (allocation, release,
     * association, disassociation, network deletion). Cheap to read; nodes poll it.
     */
    long changeSequence();

    /** Records dnsmasq's add / old / del for the fixed IP with that address and MAC. */
    void recordLeaseEvent(LeaseEvent event);

    /** Records a batch of lease events in one transaction (the node's lease spool). */
    default void recordLeaseEvents(List<LeaseEvent> events) {
        events.forEach(this::recordLeaseEvent);
    }

    /** The node confirms that dnsmasq now serves every change up to {@code sequence} for the network. */
    void markPublished(long networkId, long sequence);

    /** The highest sequence the serving node confirmed for the network, or 0. */
    long publishedSequence(long networkId);
}
