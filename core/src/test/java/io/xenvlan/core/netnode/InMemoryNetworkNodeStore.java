package io.xenvlan.core.netnode;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Hostname;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe in-memory {@link NetworkNodeStore} for tests of the network node's own logic;
 * the JDBC store's contract tests cover the real one.
 */
public final class InMemoryNetworkNodeStore implements NetworkNodeStore {
    private final Map<Long, Network> networks = new LinkedHashMap<>();
    private final Map<Long, Map<String, HostEntry>> hosts = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, ActiveLease>> leases = new ConcurrentHashMap<>();
    private final Map<Long, Long> published = new ConcurrentHashMap<>();
    private final List<LeaseEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Adds a network (with a project, so it is to be served); returns the change sequence. */
    public synchronized long addNetwork(Network network) {
        networks.put(network.id(), network);
        hosts.putIfAbsent(network.id(), new LinkedHashMap<>());
        return sequence.incrementAndGet();
    }

    public synchronized long removeNetwork(long networkId) {
        networks.remove(networkId);
        hosts.remove(networkId);
        return sequence.incrementAndGet();
    }

    /** Adds or replaces the host entry of the entry's MAC; returns the change sequence. */
    public synchronized long putHost(long networkId, HostEntry entry) {
        hosts.get(networkId).put(entry.mac().toString(), entry);
        return sequence.incrementAndGet();
    }

    public synchronized long removeHost(long networkId, HostEntry entry) {
        hosts.get(networkId).remove(entry.mac().toString());
        return sequence.incrementAndGet();
    }

    public synchronized void putLease(long networkId, ActiveLease lease) {
        leases.computeIfAbsent(networkId, k -> new LinkedHashMap<>()).put(lease.mac().toString(), lease);
    }

    /** Every lease event recorded so far, oldest first. */
    public List<LeaseEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public synchronized List<Network> claimNetworks(String node) {
        List<Network> result = new ArrayList<>();
        for (Network n : networks.values()) {
            if (n.project().isPresent() && (n.host().isEmpty() || n.host().get().equals(node))) {
                Network claimed = new Network(n.id(), n.uuid(), n.label(), n.cidr(), n.gateway(), n.dhcpServer(),
                        n.dhcpStart(), n.dns1(), n.dns2(), n.vlan(), n.bridge(), n.bridgeInterface(), n.mtu(),
                        n.project(), Optional.of(node));
                networks.put(n.id(), claimed);
                result.add(claimed);
            }
        }
        return result;
    }

    @Override
    public synchronized List<HostEntry> hostEntries(long networkId) {
        List<HostEntry> list = new ArrayList<>(hosts.getOrDefault(networkId, Map.of()).values());
        list.sort(Comparator.comparing(HostEntry::address));
        return list;
    }

    @Override
    public synchronized List<ActiveLease> activeLeases(long networkId) {
        return List.copyOf(leases.getOrDefault(networkId, Map.of()).values());
    }

    @Override
    public long changeSequence() {
        return sequence.get();
    }

    @Override
    public synchronized void recordLeaseEvent(LeaseEvent event) {
        events.add(event);
        if (event.action() == LeaseAction.DEL) {
            leases.values().forEach(l -> l.values().removeIf(a -> a.mac().equals(event.mac()) && a.address().equals(event.address())));
            return;
        }
        for (Map.Entry<Long, Map<String, HostEntry>> net : hosts.entrySet()) {
            HostEntry h = net.getValue().get(event.mac().toString());
            if (h != null && h.address().equals(event.address())) {
                leases.computeIfAbsent(net.getKey(), k -> new LinkedHashMap<>()).put(event.mac().toString(),
                        new ActiveLease(event.mac(), event.address(), event.hostname().map(Hostname::sanitize).orElse(h.hostname()),
                                event.expires().orElse(event.at().plusSeconds(86400))));
            }
        }
    }

    @Override
    public void markPublished(long networkId, long seq) {
        published.merge(networkId, seq, Math::max);
    }

    @Override
    public long publishedSequence(long networkId) {
        return published.getOrDefault(networkId, 0L);
    }
}
