package io.xenvlan.netnode;

import io.xenvlan.core.netnode.HostChanges;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The host entries a served network's DHCP server carries, as of a change sequence, kept in
 * memory so that a publication reads only what changed since ({@link
 * io.xenvlan.core.port.NetworkNodeStore#hostChanges}). Changes are applied only when the
 * store's count of entries confirms them: every entry stamped up to the new sequence is either
 * held unchanged or among the changes, so the counts differ exactly when an entry went away
 * without a stamp (a deleted row), and then the caller reads all entries again.
 */
final class HeldHosts {
    private final TreeMap<Ipv4Address, HostEntry> byAddress = new TreeMap<>();
    private Network network;
    private long sequence;
    private boolean whole;
    private final Map<Ipv4Address, HostEntry> upserted = new TreeMap<>();
    private final Set<Ipv4Address> released = new TreeSet<>();

    /**
     * What changed since the last {@link #takeChanges()}: everything ({@code whole}, after a full
     * read that changed something), or the entries new or replacing one and the addresses released.
     */
    record Changes(boolean whole, List<HostEntry> upserted, List<Ipv4Address> released) {
        boolean none() {
            return !whole && upserted.isEmpty() && released.isEmpty();
        }
    }

    HeldHosts(Network network, List<HostEntry> entries, long sequence) {
        this.network = Objects.requireNonNull(network, "network");
        replace(entries, sequence);
        takeChanges();
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
            if (!e.equals(byAddress.put(e.address(), e))) {
                upserted.put(e.address(), e);
                released.remove(e.address());
            }
        }
        for (Ipv4Address a : changes.released()) {
            if (byAddress.remove(a) != null) {
                released.add(a);
                upserted.remove(a);
            }
        }
        sequence = upTo;
        return true;
    }

    /** Nothing changed up to {@code upTo}: the entries held are complete up to it. */
    void advance(long upTo) {
        sequence = Math.max(sequence, upTo);
    }

    /** Holds exactly {@code entries} (a full read) as of {@code upTo}. */
    void replace(List<HostEntry> entries, long upTo) {
        Map<Ipv4Address, HostEntry> before = Map.copyOf(byAddress);
        byAddress.clear();
        for (HostEntry e : entries) {
            byAddress.put(e.address(), e);
        }
        whole |= !before.equals(byAddress);
        sequence = upTo;
    }

    /** What changed since the last call. */
    Changes takeChanges() {
        Changes c = new Changes(whole, List.copyOf(upserted.values()), List.copyOf(released));
        whole = false;
        upserted.clear();
        released.clear();
        return c;
    }

    /** The entries, sorted by address. */
    List<HostEntry> entries() {
        return List.copyOf(byAddress.values());
    }
}
