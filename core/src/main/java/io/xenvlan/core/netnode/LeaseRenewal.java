package io.xenvlan.core.netnode;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a renewal of a node's lease found: the store's time of the renewal, the networks the node
 * holds (network id to its lease epoch), whether networks wait for a node with room (unclaimed, or
 * their node's lease expired) while this node holds fewer than its share, and whether the node is
 * being drained.
 */
public record LeaseRenewal(Instant renewedAt, Map<Long, Long> held, boolean takeable, boolean draining) {
    public LeaseRenewal {
        Objects.requireNonNull(renewedAt, "renewedAt");
        held = Map.copyOf(held);
    }
}
