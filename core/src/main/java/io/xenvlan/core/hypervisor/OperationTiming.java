package io.xenvlan.core.hypervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * The clocks of attach and detach operations across processes.
 *
 * @param heartbeat  how often a process records that it lives
 * @param staleAfter a process whose heartbeat is older is taken for dead: its operations are
 *                   finished or undone by others (several heartbeats, so a busy database or a
 *                   garbage collection pause does not pass for a death)
 * @param claimWait  how long an operation waits for another one on the same VM before it
 *                   answers 409 (longer than {@code staleAfter}, so a dead holder is always outwaited)
 */
public record OperationTiming(Duration heartbeat, Duration staleAfter, Duration claimWait) {
    public OperationTiming {
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(claimWait, "claimWait");
        if (heartbeat.isNegative() || heartbeat.isZero() || staleAfter.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("staleAfter must be at least two heartbeats, got " + staleAfter + " for " + heartbeat);
        }
    }

    /** A heartbeat every 2 s, dead after 10 s, a wait of up to 15 s for a busy VM. */
    public static OperationTiming defaults() {
        return new OperationTiming(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(15));
    }
}
