package io.xenvlan.core.netnode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One network node as the store knows it: when it started and last renewed its lease (the store's
 * clock), how long a lease lasts, whether it is alive (its lease has not expired), draining, away
 * (stopped with {@code netnode.on-shutdown = leave}: its lease held for its grace, its networks left
 * served, nothing handed to it) and the ids of the networks it holds.
 */
public record NodeStatus(String name, Instant started, Instant renewed, Duration ttl, Duration leaseAge, boolean alive,
                         boolean draining, boolean away, int maxNetworks, List<Long> networks) {
    public NodeStatus {
        Objects.requireNonNull(name, "name");
        networks = List.copyOf(networks);
    }
}
