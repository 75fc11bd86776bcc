package io.xenvlan.netnode;

import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.NetworkNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A network node that remembers what it was asked to serve; "reloads" when the entries change. Thread-safe (a fence tears down from another thread). */
final class RecordingNetworkNode implements NetworkNode {
    final Map<Long, List<HostEntry>> served = new HashMap<>();
    final Map<Long, Network> networks = new HashMap<>();
    final List<Long> reloads = new ArrayList<>();
    final List<Long> tornDown = new ArrayList<>();
    final Map<Long, List<ActiveLease>> leasesGiven = new HashMap<>();
    int failuresToInject;
    /** How long each serve takes (a slow cold start). */
    volatile long serveMillis;

    @Override
    public synchronized void serve(Network network, List<HostEntry> hosts, List<ActiveLease> leases) {
        if (serveMillis > 0) {
            try {
                Thread.sleep(serveMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failuresToInject > 0) {
            failuresToInject--;
            throw new IllegalStateException("injected failure");
        }
        served.put(network.id(), List.copyOf(hosts));
        networks.put(network.id(), network);
        leasesGiven.put(network.id(), List.copyOf(leases));
        reloads.add(network.id());
    }

    @Override
    public synchronized boolean publish(long networkId, List<HostEntry> hosts) {
        if (served.get(networkId).equals(hosts)) {
            return false;
        }
        served.put(networkId, List.copyOf(hosts));
        reloads.add(networkId);
        return true;
    }

    @Override
    public synchronized void tearDown(long networkId) {
        served.remove(networkId);
        tornDown.add(networkId);
    }

    @Override
    public synchronized Set<Long> served() {
        return Set.copyOf(served.keySet());
    }

    @Override
    public void close() {
    }
}
