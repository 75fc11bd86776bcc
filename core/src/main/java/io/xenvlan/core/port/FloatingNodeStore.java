package io.xenvlan.core.port;

import io.xenvlan.core.floating.NodeFloatingState;

/**
 * What a network node reads about floating IPs: a cheap version that moves with every change, and
 * the associations of the networks it serves with their projects' ingress rules.
 */
public interface FloatingNodeStore {

    /** Grows with every change to pools, floating IPs, associations and ingress rules. */
    long floatingVersion();

    /** Everything the node named {@code node} must apply, read in one transaction. */
    NodeFloatingState floatingState(String node);
}
