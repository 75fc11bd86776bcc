package io.xenvlan.netnode;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.netnode.LeaseRenewal;
import io.xenvlan.core.port.NetworkNodeStore;
import io.xenvlan.netnode.firewall.LegDeadMan;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's lease in the store: renews it every {@code ttl / 4} on a thread of its own (a
 * store that hangs blocks only the renewal) and hands each renewal to the service. A watchdog on a
 * thread of its own too (never queued behind a publication, however long a cold start) fences the node when no renewal succeeded for {@code ttl - ttl / 4} since
 * it was sent: the node stops serving every network before the store can consider its lease
 * expired (the store stamps the renewal no earlier than it was sent), so another node that takes
 * the networks after expiry never answers beside it.
 */
final class NodeLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLease.class);

    private final NetworkNodeStore store;
    private final String nodeName;
    private final Duration ttl;
    private final int max;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("netnode-lease-watch"));
    private final Consumer<LeaseRenewal> renewed;
    private final Runnable fence;
    private final LegDeadMan deadMan;
    private final ExecutorService renewer = Executors.newSingleThreadExecutor(DaemonThreads.named("netnode-lease"));
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile long lastRenewalSent;
    private volatile boolean fenced;
    private volatile boolean closed;
    private ScheduledFuture<?> ticking;

    NodeLease(NetworkNodeStore store, String nodeName, Duration ttl, int max, Consumer<LeaseRenewal> renewed, Runnable fence,
              LegDeadMan deadMan) {
        this.deadMan = deadMan;
        this.store = store;
        this.nodeName = nodeName;
        this.ttl = ttl;
        this.max = max;
        this.renewed = renewed;
        this.fence = fence;
    }

    /** How often the lease is renewed. */
    Duration renewInterval() {
        return ttl.dividedBy(4);
    }

    /** Renews once now (failures surface here), then every renewal interval, with the watchdog. */
    LeaseRenewal start() {
        deadMan.install();
        long sent = System.nanoTime();
        LeaseRenewal first = store.renewLease(nodeName, ttl, max);
        lastRenewalSent = sent;
        keepAlive(sent);
        long every = Math.max(1, renewInterval().toMillis() / 2);
        ticking = watchdog.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        return first;
    }

    /** Every half renewal interval: the watchdog, and a renewal when one is due and none is in flight. */
    private void tick() {
        if (closed) {
            return;
        }
        long since = System.nanoTime() - lastRenewalSent;
        if (!fenced && since > ttl.minus(renewInterval()).toNanos()) {
            fenced = true;
            LOG.warn("network node {} could not renew its lease for {} ms (lease {} s): it stops serving its networks before the"
                    + " lease expires; another node takes them after", nodeName, since / 1_000_000, ttl.toSeconds());
            // the teardown waits for a start under way (it holds the node): on a thread of its own, so renewals go on
            DaemonThreads.named("netnode-fence").newThread(fence).start();
        }
        if (since >= renewInterval().toNanos() && renewing.compareAndSet(false, true)) {
            try {
                renewer.execute(this::renew);
            } catch (RejectedExecutionException e) {
                renewing.set(false);
            }
        }
    }

    private void renew() {
        try {
            long sent = System.nanoTime();
            LeaseRenewal r = store.renewLease(nodeName, ttl, max);
            if (closed) {
                return;
            }
            lastRenewalSent = sent;
            keepAlive(sent);
            if (fenced) {
                fenced = false;
                LOG.info("network node {} renewed its lease again; it serves what it still holds ({} networks)", nodeName, r.held().size());
            }
            renewed.accept(r);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("network node {} cannot renew its lease: {}", nodeName, e.getMessage());
            }
        } finally {
            renewing.set(false);
        }
    }

    /**
     * Lets the legs send until the watchdog would fence after the renewal sent at {@code sent}
     * (the store stamped it no earlier), so they fall silent by themselves if this process dies.
     */
    private void keepAlive(long sent) {
        Duration left = ttl.minus(renewInterval()).minusNanos(System.nanoTime() - sent);
        try {
            deadMan.refresh(left);
        } catch (RuntimeException e) {
            if (!closed) { // a stop interrupts the refresh: nothing to say then
                LOG.warn("network node {}: its legs' dead-man switch could not be refreshed; they fall silent until a refresh"
                        + " succeeds: {}", nodeName, e.getMessage());
            }
        }
    }

    /** Removes the dead-man switch: the legs go on sending after this process ({@code netnode.on-shutdown = leave}). */
    void keepServingWithoutMe() {
        try {
            deadMan.remove();
        } catch (RuntimeException e) {
            LOG.warn("network node {}: its legs' dead-man switch could not be removed: {}", nodeName, e.getMessage());
        }
    }

    /**
     * {@code netnode.on-shutdown = leave}: stops renewing, then holds the lease for {@code grace}
     * (the store marks the node away) and lets the legs send until the watchdog would have fenced
     * after that last write. A node restarted within the grace finds its networks still its own and
     * its dnsmasq still serving; one that does not come back falls silent (the switch's timeout)
     * before its lease ends and other nodes take its networks. If the lease cannot be held, the
     * switch keeps the timeout of the last renewal: the legs fall silent before that lease ends.
     */
    void holdWhileAway(Duration grace) {
        close();
        try {
            if (!renewer.awaitTermination(5, TimeUnit.SECONDS)) {
                // a renewal still in flight would shorten the lease after the hold: the legs fall silent with the last renewal
                LOG.warn("network node {}: a lease renewal did not end; its networks are held only as long as the last renewal", nodeName);
                return;
            }
            long sent = System.nanoTime();
            store.holdLeaseAway(nodeName, grace);
            deadMan.refresh(grace.minus(renewInterval()).minusNanos(System.nanoTime() - sent));
            LOG.info("network node {} left its networks served; they stay its own for {} s (netnode.leave-grace): a restart within"
                    + " it takes them up again, otherwise its legs fall silent and other nodes take them", nodeName, grace.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("network node {} could not hold its lease while away ({}); its legs fall silent when its last renewal would"
                    + " have been fenced, and other nodes take its networks", nodeName, e.getMessage());
        }
    }

    /** The node stopped serving because it could not renew (until a renewal succeeds again). */
    boolean fenced() {
        return fenced;
    }

    @Override
    public void close() {
        closed = true;
        if (ticking != null) {
            ticking.cancel(false);
        }
        renewer.shutdownNow();
        watchdog.shutdownNow();
    }
}
