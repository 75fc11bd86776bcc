package io.xenvlan.server.api;

/** Hands a network to another network node (see {@code io.xenvlan.store.NetworkHandover}). */
@FunctionalInterface
public interface NodeHandover {
    void handOver(long networkId, String node);
}
