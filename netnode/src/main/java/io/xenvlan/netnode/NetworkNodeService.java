package io.xenvlan.netnode;

import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.NetworkNode;
import io.xenvlan.core.netnode.NetworkNodeStore;
import io.xenvlan.core.network.Network;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network node role's loop. It polls the store's change sequence; a change is published at
 * once when the last publication is at least one coalescing window old, otherwise when the
 * window ends, so a storm of allocations gives at most one rewrite and one reload per window and
 * a lone allocation waits for nothing. Each publication claims the networks this node serves,
 * serves new ones, publishes host entries, tears down networks no longer its own, and confirms
 * the sequence per network ({@link NetworkNodeStore#markPublished}) for the attach flow.
 */
public final class NetworkNodeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkNodeService.class);

    private final NetworkNodeStore store;
    private final NetworkNode node;
    private final String nodeName;
    private final Duration window;
    private final Duration pollInterval;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Publication> listener;
    private long publishedSequence = -1;
    private boolean retry;
    private Duration retryDelay = Duration.ZERO;
    private final Set<Long> failing = new HashSet<>();
    private Instant lastPublication = Instant.MIN;
    private ScheduledFuture<?> ticking;

    public NetworkNodeService(NetworkNodeStore store, NetworkNode node, String nodeName, Duration window,
                              Duration pollInterval, Clock clock, ScheduledExecutorService scheduler,
                              Consumer<Publication> listener) {
        this.store = store;
        this.node = node;
        this.nodeName = nodeName;
        this.window = window;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.scheduler = scheduler;
        this.listener = listener;
    }

    /** Publishes everything now (failures surface here), then keeps polling on the scheduler. */
    public synchronized void start() {
        Publication first = publish();
        if (first.failed() > 0) {
            LOG.warn("{} of {} networks could not be served at start; retrying from 1 s on, doubling to 30 s",
                    first.failed(), first.networks());
        }
        ticking = scheduler.scheduleWithFixedDelay(this::tick, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One poll: publishes when something changed (or last time failed) and the window allows. */
    synchronized void tick() {
        try {
            Instant now = clock.instant();
            if (now.isBefore(lastPublication.plus(window))) {
                return; // inside the window: not even a look at the store, whose sequence read may block writers
            }
            boolean retryDue = retry && !now.isBefore(lastPublication.plus(retryDelay));
            if (retryDue || store.changeSequence() != publishedSequence) {
                publish();
            }
        } catch (RuntimeException e) {
            LOG.error("network node poll failed; retrying", e);
            retry = true;
            retryDelay = window;
            lastPublication = clock.instant();
        }
    }

    /** One publication over every network this node serves. */
    synchronized Publication publish() {
        Instant started = clock.instant();
        long sequence = store.changeSequence();
        List<Network> mine = store.claimNetworks(nodeName);
        Set<Long> wanted = new HashSet<>();
        int reloaded = 0;
        int failed = 0;
        for (Network network : mine) {
            wanted.add(network.id());
            try {
                List<HostEntry> hosts = store.hostEntries(network.id());
                if (!node.served().contains(network.id())) {
                    node.serve(network, hosts, store.activeLeases(network.id()));
                    reloaded++;
                } else if (node.publish(network.id(), hosts)) {
                    reloaded++;
                }
                store.markPublished(network.id(), sequence);
                if (failing.remove(network.id())) {
                    LOG.info("network {} (vlan {}) is served again", network.id(), network.vlan());
                }
            } catch (RuntimeException e) {
                failed++;
                if (failing.add(network.id())) {
                    LOG.error("cannot serve network {} (vlan {}); will retry", network.id(), network.vlan(), e);
                } else {
                    LOG.warn("still cannot serve network {} (vlan {}): {}", network.id(), network.vlan(), e.getMessage());
                }
            }
        }
        for (long gone : node.served()) {
            if (!wanted.contains(gone)) {
                try {
                    node.tearDown(gone);
                } catch (RuntimeException e) {
                    failed++;
                    LOG.error("cannot tear down network {}; will retry", gone, e);
                }
            }
        }
        publishedSequence = sequence;
        retry = failed > 0;
        // a failing network is retried after 1 s, doubling to 30 s (changes are still published every window)
        retryDelay = !retry ? Duration.ZERO
                : retryDelay.isZero() ? Duration.ofSeconds(1) : min(retryDelay.multipliedBy(2), Duration.ofSeconds(30));
        lastPublication = started; // windows run start to start: a slow pass does not add a window to the wait
        Publication p = new Publication(sequence, clock.instant(), mine.size(), reloaded, failed);
        listener.accept(p);
        return p;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops polling and every dnsmasq; legs, rules and files stay for the next start. */
    @Override
    public synchronized void close() {
        stopPolling();
        node.close();
    }

    /** Stops polling; what the node serves keeps running. */
    public synchronized void stopPolling() {
        if (ticking != null) {
            ticking.cancel(false);
        }
    }
}
