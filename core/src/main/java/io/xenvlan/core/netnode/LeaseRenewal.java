package io.xenvlan.core.netnode;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a renewal of a node's lease found: the store's time of the renewal, the networks the node
 * holds (network id to its lease epoch), whether networks wait for a node with room (unclaimed, or
 * their node's lease expired) while this node holds fewer than its share, whether the node is
 * being drained, and whether it holds more than its fair share plus one while another live node
 * has room ({@code overloaded}: it hands some over, see {@link Handoff}).
 */
public record LeaseRenewal(Instant renewedAt, Map<Long, Long> held, boolean takeable, boolean draining, boolean overloaded) {
    public LeaseRenewal {
        Objects.requireNonNull(renewedAt, "renewedAt");
        held = Map.copyOf(held);
    }

    /** A renewal of a node that is not above its share. */
    public LeaseRenewal(Instant renewedAt, Map<Long, Long> held, boolean takeable, boolean draining) {
        this(renewedAt, held, takeable, draining, false);
    }
}
