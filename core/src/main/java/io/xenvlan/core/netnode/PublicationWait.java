package io.xenvlan.core.netnode;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.port.NetworkNodeStore;
import io.xenvlan.core.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Waits until the network node confirms that a network's DHCP server serves every change up to
 * a sequence (Neutron's "provisioning block"): the attach flow calls it before booting a VM so
 * the VM never asks for an address its DHCP server does not know yet.
 */
public final class PublicationWait {

    private final NetworkNodeStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollInterval;

    /** @throws IllegalArgumentException unless {@code pollInterval} is positive */
    public PublicationWait(NetworkNodeStore store, Clock clock, Sleeper sleeper, Duration pollInterval) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
        }
        this.pollInterval = pollInterval;
    }

    /** A wait that polls every 20 ms on the system clock with {@link Sleeper#SYSTEM}. */
    public static PublicationWait polling(NetworkNodeStore store) {
        return new PublicationWait(store, Clock.systemUTC(), Sleeper.SYSTEM, Duration.ofMillis(20));
    }

    /**
     * Returns once {@code publishedSequence(networkId) >= sequence}.
     *
     * @throws BackendFailureException (backend {@code netnode}, code {@code PUBLISH_TIMEOUT}) when
     *     the node has not confirmed within {@code timeout}, or when the thread is interrupted;
     *     {@code NETWORK_REFUSED}, at once, with the node's message, when the node refuses to serve
     *     the network (it is full)
     */
    public void await(long networkId, long sequence, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            PublicationState state = store.publicationState(networkId);
            long published = state.published();
            if (published >= sequence) {
                return;
            }
            if (state.refusal().isPresent()) {
                throw new BackendFailureException("netnode", "NETWORK_REFUSED", List.of(Long.toString(networkId),
                        state.refusal().get()), state.refusal().get(), null);
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new BackendFailureException("netnode", "PUBLISH_TIMEOUT",
                        List.of(Long.toString(networkId), Long.toString(sequence), Long.toString(published)),
                        "network node did not confirm the DHCP entry of network " + networkId + " within " + timeout
                                + " (needs change " + sequence + ", confirmed " + published + "); is a network node running?",
                        null);
            }
            Duration left = Duration.between(now, deadline);
            try {
                sleeper.sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendFailureException("netnode", "INTERRUPTED", List.of(Long.toString(networkId)),
                        "interrupted while waiting for the network node", e);
            }
        }
    }
}
