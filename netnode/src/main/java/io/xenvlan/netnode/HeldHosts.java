package io.xenvlan.netnode;

import io.xenvlan.core.netnode.HostChanges;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The host entries a served network's DHCP server carries, as of a change sequence, kept in
 * memory so that a publication reads only what changed since ({@link
 * io.xenvlan.core.netnode.NetworkNodeStore#hostChanges}). Changes are applied only when the
 * store's count of entries confirms them: every entry stamped up to the new sequence is either
 * held unchanged or among the changes, so the counts differ exactly when an entry went away
 * without a stamp (a deleted row), and then the caller reads all entries again.
 */
final class HeldHosts {
    private final TreeMap<Ipv4Address, HostEntry> byAddress = new TreeMap<>();
    private Network network;
    private long sequence;
    private boolean changed;

    HeldHosts(Network network, List<HostEntry> entries, long sequence) {
        this.network = Objects.requireNonNull(network, "network");
        replace(entries, sequence);
        changed = false;
    }

    /** The sequence the held entries are complete up to. */
    long sequence() {
        return sequence;
    }

    Network network() {
        return network;
    }

    void network(Network settings) {
        network = settings;
    }

    /**
     * Applies the changes stamped after {@link #sequence()} up to {@code upTo}.
     *
     * @return false, holding nothing new, when the store's count disagrees (read everything again)
     */
    boolean apply(HostChanges changes, long upTo) {
        int after = byAddress.size();
        for (HostEntry e : changes.allocated()) {
            if (!byAddress.containsKey(e.address())) {
                after++;
            }
        }
        for (Ipv4Address a : changes.released()) {
            if (byAddress.containsKey(a)) {
                after--;
            }
        }
        if (after != changes.count()) {
            return false;
        }
        for (HostEntry e : changes.allocated()) {
            changed |= !e.equals(byAddress.put(e.address(), e));
        }
        for (Ipv4Address a : changes.released()) {
            changed |= byAddress.remove(a) != null;
        }
        sequence = upTo;
        return true;
    }

    /** Holds exactly {@code entries} (a full read) as of {@code upTo}. */
    void replace(List<HostEntry> entries, long upTo) {
        Map<Ipv4Address, HostEntry> before = Map.copyOf(byAddress);
        byAddress.clear();
        for (HostEntry e : entries) {
            byAddress.put(e.address(), e);
        }
        changed |= !before.equals(byAddress);
        sequence = upTo;
    }

    /** Whether the entries changed since the last call. */
    boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    /** The entries, sorted by address. */
    List<HostEntry> entries() {
        return List.copyOf(byAddress.values());
    }
}
