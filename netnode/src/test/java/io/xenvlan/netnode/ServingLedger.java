package io.xenvlan.netnode;

import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.NetworkNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who serves each network, across several recording nodes, as it happens: a node that starts
 * serving a network another node still serves is recorded as an overlap; the time from one node's
 * teardown of a network to the next node's start of it as a gap.
 */
final class ServingLedger {
    private final Map<Long, String> servers = new ConcurrentHashMap<>();
    private final Map<Long, Down> downSince = new ConcurrentHashMap<>();
    final List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
    /** Milliseconds each network went unserved between two nodes (its teardown by one, its start by the next). */
    final List<Long> gapsMillis = Collections.synchronizedList(new ArrayList<>());

    private record Down(String node, long at) {}

    /** A recording node named {@code name} that reports to this ledger. */
    NetworkNode node(String name, RecordingNetworkNode recording) {
        return new NetworkNode() {
            @Override
            public void serve(Network network, List<HostEntry> hosts, List<ActiveLease> leases) {
                String before = servers.putIfAbsent(network.id(), name);
                if (before != null && !before.equals(name)) {
                    overlaps.add("network " + network.id() + " started on " + name + " while " + before + " served it");
                }
                Down down = downSince.remove(network.id());
                if (down != null && before == null && !down.node().equals(name)) {
                    gapsMillis.add((System.nanoTime() - down.at()) / 1_000_000);
                }
                recording.serve(network, hosts, leases);
            }

            @Override
            public boolean publish(long networkId, List<HostEntry> hosts) {
                return recording.publish(networkId, hosts);
            }

            @Override
            public void tearDown(long networkId) {
                recording.tearDown(networkId);
                if (servers.remove(networkId, name)) {
                    downSince.put(networkId, new Down(name, System.nanoTime()));
                }
            }

            @Override
            public Set<Long> served() {
                return recording.served();
            }

            @Override
            public void close() {
            }
        };
    }
}
