package io.xenvlan.core.port;

import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.Handoff;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.netnode.LeaseRenewal;
import io.xenvlan.core.netnode.LeasedNetworks;
import io.xenvlan.core.netnode.NodeChanges;
import io.xenvlan.core.netnode.NodeStatus;
import io.xenvlan.core.netnode.PublicationState;
import io.xenvlan.core.network.Network;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * As {@link #claimNetworks(String)}, but unclaimed networks are claimed only while {@code node}
     * holds fewer than {@code max} (a node never takes more than it can serve; the others stay
     * for another node). A store that cannot cap claims claims as {@link #claimNetworks(String)}.
     */
    default List<Network> claimNetworks(String node, int max) {
        return claimNetworks(node);
    }

    /**
     * Renews {@code node}'s lease for {@code ttl} (the store's clock) and says which networks it
     * holds now, with their lease epochs: a network missing, or with another epoch than the node
     * took it at, went to another node. A store without leases (one node) holds what
     * {@link #claimNetworks(String)} gives, at epoch 0.
     */
    default LeaseRenewal renewLease(String node, Duration ttl, int max) {
        Map<Long, Long> held = new HashMap<>();
        claimNetworks(node, max).forEach(n -> held.put(n.id(), 0L));
        return new LeaseRenewal(Instant.now(), held, false, false);
    }

    /**
     * As {@link #claimNetworks(String, int)}, taking also the networks of nodes whose lease expired,
     * never more than the node's fair share of the networks over the live nodes; each network with
     * the lease epoch the node holds it at.
     */
    default LeasedNetworks claimLeased(String node, int max) {
        List<Network> networks = claimNetworks(node, max);
        Map<Long, Long> epochs = new HashMap<>();
        networks.forEach(n -> epochs.put(n.id(), 0L));
        return new LeasedNetworks(networks, epochs);
    }

    /**
     * Ends {@code node}'s lease now: it stopped (and stopped serving), so the other nodes take its
     * networks at their next renewal instead of after the lease's length, and it no longer counts
     * as live for their share.
     */
    default void endLease(String node) {
    }

    /**
     * {@code node} stopped but left its networks served ({@code netnode.on-shutdown = leave}): its
     * lease lasts {@code grace} from now without renewals, so no other node takes its networks while
     * it restarts; it is away, so none is handed to it. Its next renewal ends that.
     */
    default void holdLeaseAway(String node, Duration grace) {
    }

    /** Gives up networks {@code node} stopped serving (it is drained), for other nodes to take at once. */
    default void releaseNetworks(String node, Collection<Long> networkIds) {
    }

    /**
     * At most {@code limit} networks {@code node} holds above its fair share plus one (all it holds when
     * it is draining; the highest VLANs first), each with the live, undrained node to give it to: the one holding the fewest,
     * below its fair share and its {@code max}. Empty when the node is not above its share plus
     * one (nor draining) or no other node has room. Changes nothing.
     */
    default List<Handoff> surplus(String node, int limit) {
        return List.of();
    }

    /**
     * Moves each network of {@code handoffs} from {@code node} to its receiver in one step (the
     * network is held by one node at every moment, its epoch raised), if it is still {@code node}'s
     * at the epoch offered and the receiver is still live, undrained and below its {@code max}; the
     * receiver is woken as by any change of a network. The caller stopped serving them first.
     *
     * @return the ids of the networks moved
     */
    default List<Long> handOff(String node, List<Handoff> handoffs) {
        return List.of();
    }

    /** Every network node that ever renewed a lease in this store, with its health and networks (none without leases). */
    default List<NodeStatus> nodes() {
        return List.of();
    }

    /**
     * Marks a node draining (it stops serving its networks and gives them up at its next renewal,
     * for the other nodes to take), or with false lets it take networks again.
     * @return false when no node of that name ever renewed a lease here
     */
    default boolean drainNode(String node, boolean draining) {
        return false;
    }

    /** Ids of the networks that have a project but no node (nobody had room to claim them). */
    default List<Long> unclaimedNetworks() {
        return List.of();
    }

    /** The static reservations of a network: every allocated fixed IP with its VIF's MAC. */
    List<HostEntry> hostEntries(long networkId);

    /**
     * The change marks and, read with them, for each network in {@code since} (network id to the
     * sequence up to which the node holds its entries) that is behind the marks' sequence and has a
     * change stamped after that sequence, the changes to its host entries stamped after that
     * sequence up to the marks' sequence, with the number of its entries stamped up to it. A network
     * of {@code since} that is absent has no change up to the marks' sequence. Reads only the changed rows and one count per
     * network, so a node that keeps its entries in memory publishes a storm without re-reading
     * every entry. On the embedded store this runs while no change is being written, like
     * {@link #changeSequence()}: a short read that also has the processor to itself.
     */
    NodeChanges changes(Map<Long, Long> since);

    /** {@link #hostEntries(long)} of many networks in one read: network id to its entries (every id present). */
    default Map<Long, List<HostEntry>> hostEntries(Collection<Long> networkIds) {
        Map<Long, List<HostEntry>> all = new HashMap<>();
        networkIds.forEach(id -> all.put(id, hostEntries(id)));
        return all;
    }

    /** Leases the store believes are active on a network (leased and not yet released). */
    List<ActiveLease> activeLeases(long networkId);

    /** {@link #activeLeases(long)} of many networks in one read: network id to its leases (every id present). */
    default Map<Long, List<ActiveLease>> activeLeases(Collection<Long> networkIds) {
        Map<Long, List<ActiveLease>> all = new HashMap<>();
        networkIds.forEach(id -> all.put(id, activeLeases(id)));
        return all;
    }

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

    /** {@link #markPublished(long, long)} for many networks in one transaction: network id to sequence. */
    default void markPublished(Map<Long, Long> sequences) {
        sequences.forEach(this::markPublished);
    }

    /** The highest sequence the serving node confirmed for the network, or 0. */
    long publishedSequence(long networkId);

    /**
     * Records why a node does not serve these networks (network id to a message for the user), so
     * whoever waits for them is told at once instead of waiting out a timeout.
     */
    default void markRefused(Map<Long, String> refusals) {
    }

    /** Clears the refusals of networks now served. */
    default void clearRefused(Collection<Long> networkIds) {
    }

    /** What the serving node said about a network: its confirmed sequence and any refusal. */
    default PublicationState publicationState(long networkId) {
        return new PublicationState(publishedSequence(networkId), Optional.empty());
    }

    /**
     * Runs {@code listener} (on a thread of the store's, quickly: it should only schedule work)
     * soon after a change a node serves may have committed, so a node sleeps until there is
     * something to publish instead of polling. Best effort: a node still looks now and then.
     *
     * @return stops the listening
     */
    default AutoCloseable onChange(Runnable listener) {
        return () -> { };
    }
}
