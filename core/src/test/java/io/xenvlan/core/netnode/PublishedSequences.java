package io.xenvlan.core.netnode;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.NetworkNodeStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The one part of a store {@link PublicationWait} reads: published sequences per network. */
final class PublishedSequences implements NetworkNodeStore {
    private final Map<Long, Long> published = new ConcurrentHashMap<>();

    @Override
    public void markPublished(long networkId, long sequence) {
        published.merge(networkId, sequence, Math::max);
    }

    @Override
    public long publishedSequence(long networkId) {
        return published.getOrDefault(networkId, 0L);
    }

    @Override
    public List<Network> claimNetworks(String node) {
        throw new UnsupportedOperationException("not read by PublicationWait");
    }

    @Override
    public List<HostEntry> hostEntries(long networkId) {
        throw new UnsupportedOperationException("not read by PublicationWait");
    }

    @Override
    public List<ActiveLease> activeLeases(long networkId) {
        throw new UnsupportedOperationException("not read by PublicationWait");
    }

    @Override
    public long changeSequence() {
        throw new UnsupportedOperationException("not read by PublicationWait");
    }

    @Override
    public NodeChanges changes(Map<Long, Long> since) {
        throw new UnsupportedOperationException("not read by PublicationWait");
    }

    @Override
    public void recordLeaseEvent(LeaseEvent event) {
        throw new UnsupportedOperationException("not read by PublicationWait");
    }
}
