package io.xenvlan.netnode;

import io.xenvlan.core.netnode.HostChanges;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.NetworkNode;
import io.xenvlan.core.netnode.NetworkNodeStore;
import io.xenvlan.core.netnode.NodeChanges;
import io.xenvlan.core.network.Network;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
    private final Map<Long, HeldHosts> held = new HashMap<>();
    private List<Network> mine;
    private long networksMark = -1;
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
            long readAt = System.nanoTime();
            NodeChanges changes = store.changes(heldSequences());
            if (retryDue || changes.marks().sequence() != publishedSequence) {
                publish(changes, now, readAt);
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
        long readAt = System.nanoTime();
        return publish(store.changes(heldSequences()), started, readAt);
    }

    private Map<Long, Long> heldSequences() {
        Map<Long, Long> since = new HashMap<>();
        held.forEach((id, hosts) -> since.put(id, hosts.sequence()));
        return since;
    }

    /**
     * One publication of {@code changes}: the networks are re-read (and claimed) only when the
     * networks changed, each served network applies only its entries changed since its last
     * publication, and dnsmasq is rewritten and reloaded only when its content changed.
     */
    private Publication publish(NodeChanges changes, Instant started, long readAt) {
        long readDone = System.nanoTime();
        long sequence = changes.marks().sequence();
        if (mine == null || retry || changes.marks().networks() != networksMark) {
            mine = store.claimNetworks(nodeName);
            networksMark = changes.marks().networks();
        }
        Set<Long> wanted = new HashSet<>();
        Set<Long> served = node.served();
        int reloaded = 0;
        int failed = 0;
        for (Network network : mine) {
            wanted.add(network.id());
            try {
                if (publish(network, served.contains(network.id()), changes.hosts().get(network.id()), sequence)) {
                    reloaded++;
                }
                store.markPublished(network.id(), sequence);
                if (failing.remove(network.id())) {
                    LOG.info("network {} (vlan {}) is served again", network.id(), network.vlan());
                }
            } catch (RuntimeException e) {
                held.remove(network.id()); // what dnsmasq serves is unknown now: the next pass starts afresh
                failed++;
                if (failing.add(network.id())) {
                    LOG.error("cannot serve network {} (vlan {}); will retry", network.id(), network.vlan(), e);
                } else {
                    LOG.warn("still cannot serve network {} (vlan {}): {}", network.id(), network.vlan(), e.getMessage());
                }
            }
        }
        for (long gone : served) {
            if (!wanted.contains(gone)) {
                try {
                    held.remove(gone);
                    node.tearDown(gone);
                } catch (RuntimeException e) {
                    failed++;
                    LOG.error("cannot tear down network {}; will retry", gone, e);
                }
            }
        }
        held.keySet().retainAll(wanted);
        publishedSequence = sequence;
        retry = failed > 0;
        // a failing network is retried after 1 s, doubling to 30 s (changes are still published every window)
        retryDelay = !retry ? Duration.ZERO
                : retryDelay.isZero() ? Duration.ofSeconds(1) : min(retryDelay.multipliedBy(2), Duration.ofSeconds(30));
        // windows run from the read of one pass to the read of the next: a slow pass does not add a window to the wait
        lastPublication = started;
        Duration read = Duration.ofNanos(readDone - readAt);
        Duration took = Duration.ofNanos(System.nanoTime() - readAt);
        LOG.debug("publication {} of {} networks took {} ms (read {} ms), {} reloaded", sequence, mine.size(), took.toMillis(),
                read.toMillis(), reloaded);
        Publication p = new Publication(sequence, clock.instant(), mine.size(), reloaded, failed, read, took);
        listener.accept(p);
        return p;
    }

    /**
     * Publishes one network up to {@code sequence}, given its host changes since the entries held
     * (null when none were read: a network new here, or already up to date).
     *
     * @return true when its DHCP server was started or reloaded
     */
    private boolean publish(Network network, boolean served, HostChanges changes, long sequence) {
        long id = network.id();
        HeldHosts hosts = held.get(id);
        if (!served || hosts == null) {
            List<HostEntry> all = store.hostEntries(id);
            node.serve(network, all, served ? List.of() : store.activeLeases(id));
            held.put(id, new HeldHosts(network, all, sequence));
            return true;
        }
        if (changes != null && !hosts.apply(changes, sequence)) {
            hosts.replace(store.hostEntries(id), sequence); // an entry left without a stamp: read them all
        }
        HeldHosts.Changes changed = hosts.takeChanges();
        if (!network.equals(hosts.network())) {
            hosts.network(network);
            node.serve(network, hosts.entries(), List.of()); // settings changed: re-applied with the hosts
            return true;
        }
        if (changed.none()) {
            return false;
        }
        return changed.whole() ? node.publish(id, hosts.entries())
                : node.publishChanges(id, changed.upserted(), changed.released(), hosts::entries);
    }

    /** Runs {@code work} between publications, never during one (the node's self-check). */
    synchronized <T> T betweenPublications(Supplier<T> work) {
        return work.get();
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
