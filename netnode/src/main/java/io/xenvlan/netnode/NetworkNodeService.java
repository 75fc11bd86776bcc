package io.xenvlan.netnode;

import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.Handoff;
import io.xenvlan.core.netnode.HostChanges;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.LeaseRenewal;
import io.xenvlan.core.netnode.LeasedNetworks;
import io.xenvlan.core.netnode.NetworkToServe;
import io.xenvlan.core.netnode.NodeChanges;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.NetworkNode;
import io.xenvlan.core.port.NetworkNodeStore;
import io.xenvlan.netnode.firewall.LegDeadMan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network node role's loop. It sleeps until the store says something changed ({@link
 * NetworkNodeStore#onChange}: PostgreSQL's NOTIFY, or this process's own writes on H2), with a slow
 * poll as a safety net; a change is published at once when the last publication is at least one
 * coalescing window old, otherwise when the window ends, so a storm of allocations gives at most
 * one rewrite and one reload per window and a lone allocation waits for nothing. Each publication
 * claims the networks this node serves (never more than it can: {@link NodeCapacity}; the others
 * are refused, with a message in the store, and not retried until something changes), serves the
 * new ones in one batch, publishes host entries, tears down networks no longer its own, and
 * confirms the sequence of every network in one transaction ({@link NetworkNodeStore#markPublished})
 * for the attach flow. Publications and the self-check's repairs take turns on one fair lock.
 */
final class NetworkNodeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkNodeService.class);
    /** Failures of one pass with the same message that are logged one line each; more are summed up in one. */
    private static final int FAILURES_LISTED = 5;
    /**
     * Networks an over-loaded node hands over per renewal at most: a node that joins (or comes back)
     * is never flooded with starts, and each network is without a server only for its own move.
     */
    static final int HANDOFF_PACE = 4;

    private final NetworkNodeStore store;
    private final NetworkNode node;
    private final String nodeName;
    private final Duration window;
    private final Duration pollInterval;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Publication> listener;
    private final NodeCapacity capacity;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final AtomicBoolean retryPending = new AtomicBoolean();
    private volatile boolean closing;
    private long publishedSequence = -1;
    private boolean retry;
    private Duration retryDelay = Duration.ZERO;
    private final Set<Long> failing = new HashSet<>();
    private final Map<Long, String> refused = new HashMap<>();
    private Instant lastPublication = Instant.MIN;
    private final Map<Long, HeldHosts> held = new HashMap<>();
    private List<Network> mine;
    private long networksMark = -1;
    private volatile ScheduledFuture<?> ticking;
    private volatile AutoCloseable watching = () -> { };
    private final Duration leaseTtl;
    private LegDeadMan deadMan = LegDeadMan.NONE;
    private NodeLease lease;
    /** Lease epoch of each network held (from the last claim), to tell a network lost to another node. */
    private final Map<Long, Long> epochs = new HashMap<>();
    private volatile boolean claimDue;
    private volatile boolean forget;
    private final java.util.concurrent.atomic.AtomicReference<LeaseRenewal> pendingRenewal = new java.util.concurrent.atomic.AtomicReference<>();
    private boolean draining;
    private volatile boolean surplusDue;

    NetworkNodeService(NetworkNodeStore store, NetworkNode node, String nodeName, Duration window,
                              Duration pollInterval, Clock clock, ScheduledExecutorService scheduler,
                              Consumer<Publication> listener) {
        this(store, node, nodeName, window, pollInterval, clock, scheduler, listener, NodeCapacity.unlimited());
    }

    NetworkNodeService(NetworkNodeStore store, NetworkNode node, String nodeName, Duration window,
                              Duration pollInterval, Clock clock, ScheduledExecutorService scheduler,
                              Consumer<Publication> listener, NodeCapacity capacity) {
        this(store, node, nodeName, window, pollInterval, clock, scheduler, listener, capacity, Duration.ZERO);
    }

    /**
     * With {@code leaseTtl} above zero the node holds its networks under a lease in the store,
     * renewed every quarter of it ({@link NodeLease}): it takes the networks of nodes whose lease
     * expired (its fair share), gives up a network another node took, stops serving when it
     * cannot renew, and gives up its networks when drained.
     */
    NetworkNodeService(NetworkNodeStore store, NetworkNode node, String nodeName, Duration window,
                              Duration pollInterval, Clock clock, ScheduledExecutorService scheduler,
                              Consumer<Publication> listener, NodeCapacity capacity, Duration leaseTtl) {
        this.leaseTtl = leaseTtl;
        this.store = store;
        this.node = node;
        this.nodeName = nodeName;
        this.window = window;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.scheduler = scheduler;
        this.listener = listener;
        this.capacity = capacity;
    }

    /** The kernel switch that silences the legs when this process stops renewing the lease (before {@link #start}). */
    void deadMan(LegDeadMan switchOfLegs) {
        this.deadMan = switchOfLegs;
    }

    /** The kernel switch of this node's legs ({@link LegDeadMan#NONE} without one). */
    LegDeadMan deadMan() {
        return deadMan;
    }

    /** Publishes everything now (failures surface here), then waits for changes, polling slowly besides. */
    void start() {
        if (!leaseTtl.isZero()) {
            lease = new NodeLease(store, nodeName, leaseTtl, capacity.max(), this::leaseRenewed, this::fence, deadMan);
            draining = lease.start().draining();
        }
        Publication first = publish();
        if (first.failed() > 0) {
            LOG.warn("{} of {} networks could not be served at start; retrying from 1 s on, doubling to 30 s",
                    first.failed(), first.networks());
        }
        lock.lock();
        try {
            if (closing) {
                return;
            }
            watching = store.onChange(this::wake);
            ticking = scheduler.scheduleWithFixedDelay(this::tick, pollInterval.toMillis(), pollInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Something may have changed: look at the store as soon as the window allows (one look however
     * many changes are told meanwhile). Called by the store's listener thread; it only schedules.
     */
    void wake() {
        if (closing || !wakePending.compareAndSet(false, true)) {
            return;
        }
        long delay;
        lock.lock();
        try {
            delay = Math.max(0, Duration.between(clock.instant(), lastPublication.plus(window)).toMillis() + 1);
        } catch (ArithmeticException e) {
            delay = 0; // no publication yet
        } finally {
            lock.unlock();
        }
        try {
            scheduler.schedule(() -> {
                wakePending.set(false);
                tick();
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            wakePending.set(false); // the scheduler is stopping with the node
        }
    }

    /** One look: publishes when something changed (or last time failed) and the window allows. */
    void tick() {
        if (closing) {
            return;
        }
        lock.lock();
        try {
            if (closing) {
                return;
            }
            Instant now = clock.instant();
            if (now.isBefore(lastPublication.plus(window))) {
                return; // inside the window: not even a look at the store, whose sequence read may block writers
            }
            boolean retryDue = retry && !now.isBefore(lastPublication.plus(retryDelay));
            long readAt = System.nanoTime();
            NodeChanges changes = store.changes(heldSequences());
            if (retryDue || claimDue || changes.marks().sequence() != publishedSequence) {
                publish(changes, now, readAt);
            }
        } catch (RuntimeException e) {
            if (closing) {
                LOG.debug("network node poll ended by the stop: {}", e.getMessage());
                return;
            }
            LOG.error("network node poll failed; retrying", e);
            retry = true;
            retryDelay = window;
            lastPublication = clock.instant();
        } finally {
            lock.unlock();
        }
        scheduleRetry();
    }

    /** When a network failed, one look at its retry time (the slow poll alone could be later); once started. */
    private void scheduleRetry() {
        if (!retry || closing || ticking == null || !retryPending.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                retryPending.set(false);
                tick();
            }, Math.max(1, retryDelay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            retryPending.set(false);
        }
    }

    /** One publication over every network this node serves. */
    Publication publish() {
        lock.lock();
        try {
            Instant started = clock.instant();
            long readAt = System.nanoTime();
            return publish(store.changes(heldSequences()), started, readAt);
        } finally {
            lock.unlock();
        }
    }

    private Map<Long, Long> heldSequences() {
        Map<Long, Long> since = new HashMap<>();
        held.forEach((id, hosts) -> since.put(id, hosts.sequence()));
        return since;
    }

    /**
     * One publication of {@code changes}: the networks are re-read (and claimed) only when the
     * networks changed, networks new here are served in one batch, each served network applies only
     * its entries changed since its last publication, and dnsmasq is rewritten and reloaded only when
     * its content changed.
     */
    private Publication publish(NodeChanges changes, Instant started, long readAt) {
        long readDone = System.nanoTime();
        long sequence = changes.marks().sequence();
        forgetIfFenced();
        if (lease != null && lease.fenced()) {
            return new Publication(sequence, clock.instant(), 0, 0, 0, Duration.ofNanos(readDone - readAt), Duration.ZERO);
        }
        if (mine == null || retry || claimDue || changes.marks().networks() != networksMark) {
            claimDue = false;
            claim();
            networksMark = changes.marks().networks();
            refuseBeyondCapacity();
        }
        if (surplusDue) {
            handOffSurplus();
        }
        Set<Long> served = node.served();
        List<Network> wanted = mine.stream().filter(n -> !refused.containsKey(n.id())).toList();
        Map<Long, RuntimeException> failures = new LinkedHashMap<>();
        Map<Long, Long> confirmed = new HashMap<>();
        int reloaded = serveNew(wanted, served, sequence, failures, confirmed);
        for (Network network : wanted) {
            if (closing) {
                break;
            }
            if (failures.containsKey(network.id()) || confirmed.containsKey(network.id())) {
                continue;
            }
            try {
                if (publishServed(network, changes.hosts().get(network.id()), sequence)) {
                    reloaded++;
                }
                confirmed.put(network.id(), sequence);
            } catch (RuntimeException e) {
                held.remove(network.id()); // what dnsmasq serves is unknown now: the next pass starts afresh
                failures.put(network.id(), e);
            }
        }
        Set<Long> wantedIds = wanted.stream().map(Network::id).collect(Collectors.toSet());
        List<Long> gone = served.stream().filter(id -> !wantedIds.contains(id)).sorted().toList();
        if (!gone.isEmpty() && !closing) {
            gone.forEach(held::remove);
            Map<Long, RuntimeException> notDown = node.tearDownAll(gone);
            notDown.forEach(failures::put);
            if (draining) {
                giveUpDrained(gone.stream().filter(id -> !notDown.containsKey(id)).toList());
            }
        }
        held.keySet().retainAll(wantedIds);
        if (!closing) {
            store.markPublished(confirmed);
        }
        report(wanted, failures, gone);
        publishedSequence = sequence;
        retry = !failures.isEmpty() && !closing;
        // a failing network is retried after 1 s, doubling to 30 s (changes are still published every window)
        retryDelay = !retry ? Duration.ZERO
                : retryDelay.isZero() ? Duration.ofSeconds(1) : min(retryDelay.multipliedBy(2), Duration.ofSeconds(30));
        // windows run from the read of one pass to the read of the next: a slow pass does not add a window to the wait
        lastPublication = started;
        Duration read = Duration.ofNanos(readDone - readAt);
        Duration took = Duration.ofNanos(System.nanoTime() - readAt);
        LOG.debug("publication {} of {} networks took {} ms (read {} ms), {} reloaded", sequence, wanted.size(), took.toMillis(),
                read.toMillis(), reloaded);
        Publication p = new Publication(sequence, clock.instant(), wanted.size(), reloaded, failures.size(), read, took);
        listener.accept(p);
        return p;
    }

    /** Reads (and claims, under the lease) the networks this node serves; a draining node serves none. */
    private void claim() {
        epochs.clear();
        if (draining) {
            mine = List.of();
            return;
        }
        LeasedNetworks leased = store.claimLeased(nodeName, capacity.max());
        mine = leased.networks();
        epochs.putAll(leased.epochs());
    }

    /**
     * A renewal of the lease: a network held at another epoch, or no longer held, went to another
     * node (a handover, or this node's lease expired while it could not renew): it is torn down now.
     * Networks waiting for a node, or held here but not yet served, or a drain, bring a claim.
     */
    private void leaseRenewed(LeaseRenewal renewal) {
        // the renewal thread never waits for a publication (a cold start holds the lock for minutes): the latest
        // renewal is applied on the scheduler
        if (pendingRenewal.getAndSet(renewal) == null) {
            try {
                scheduler.execute(this::applyRenewal);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pendingRenewal.set(null); // the scheduler is stopping with the node
            }
        }
    }

    private void applyRenewal() {
        lock.lock();
        try {
            LeaseRenewal renewal = pendingRenewal.getAndSet(null);
            if (closing || renewal == null) {
                return;
            }
            forgetIfFenced();
            List<Long> lost = epochs.entrySet().stream().filter(e -> !e.getValue().equals(renewal.held().get(e.getKey())))
                    .map(Map.Entry::getKey).sorted().toList();
            if (!lost.isEmpty()) {
                LOG.warn("network node {} lost networks {} to another node; it stops serving them", nodeName, lost);
                lost.forEach(id -> {
                    epochs.remove(id);
                    held.remove(id);
                });
                node.tearDownAll(lost.stream().filter(node.served()::contains).toList());
                mine = null;
            }
            boolean wasDraining = draining;
            draining = renewal.draining();
            if (renewal.overloaded() && !draining) {
                surplusDue = true; // one round of hand-overs per renewal: the pace
            }
            if (mine == null || renewal.takeable() || surplusDue || draining != wasDraining
                    || !renewal.held().keySet().equals(epochs.keySet())) {
                claimDue = true;
            }
        } finally {
            lock.unlock();
        }
        if (claimDue) {
            wake();
        }
    }

    /**
     * This node holds more than its fair share plus one while another live node has room: it hands
     * a few networks over ({@link #HANDOFF_PACE}). Each stops being served here first, then moves to
     * its receiver in one step in the store (held by one node at every moment, a new epoch), which
     * the receiver is woken by and serves as a takeover does; so two nodes never answer for one
     * gateway, and nobody takes a network whose lease is alive. A network the store did not move
     * (its receiver died meanwhile) is served here again at once; after a failed write, once the
     * next claim says it is still this node's.
     */
    private void handOffSurplus() {
        surplusDue = false;
        if (draining || lease == null) {
            return;
        }
        List<Handoff> offers = store.surplus(nodeName, HANDOFF_PACE).stream().filter(h -> epochs.containsKey(h.networkId())).toList();
        if (offers.isEmpty()) {
            return;
        }
        List<Long> ids = offers.stream().map(Handoff::networkId).toList();
        Set<Long> served = node.served();
        ids.forEach(held::remove);
        Map<Long, RuntimeException> notDown = node.tearDownAll(ids.stream().filter(served::contains).toList());
        List<Handoff> ready = offers.stream().filter(h -> !notDown.containsKey(h.networkId())).toList();
        Set<Long> moved;
        try {
            moved = Set.copyOf(store.handOff(nodeName, ready));
        } catch (RuntimeException e) {
            LOG.warn("network node {} could not hand networks {} over: {}; it serves them again if they are still its own", nodeName,
                    ids, e.getMessage());
            mine = mine.stream().filter(n -> !ids.contains(n.id())).toList();
            claimDue = true;
            return;
        }
        moved.forEach(epochs::remove);
        mine = mine.stream().filter(n -> !moved.contains(n.id())).toList();
        Map<String, List<Long>> byReceiver = new TreeMap<>();
        ready.stream().filter(h -> moved.contains(h.networkId()))
                .forEach(h -> byReceiver.computeIfAbsent(h.to(), k -> new ArrayList<>()).add(h.networkId()));
        LOG.info("network node {} holds more than its fair share plus one: handed over {}", nodeName, byReceiver);
    }

    /**
     * Drained: the networks it stopped serving go straight to the live nodes with room (as a
     * hand-over: one holder at every moment, the receiver woken at once); those nobody has room for,
     * or that the store did not move, are given up for any node to take.
     */
    private void giveUpDrained(List<Long> stopped) {
        if (stopped.isEmpty()) {
            return;
        }
        Set<Long> ids = Set.copyOf(stopped);
        List<Handoff> offers = store.surplus(nodeName, stopped.size()).stream().filter(h -> ids.contains(h.networkId())).toList();
        Set<Long> moved = Set.copyOf(store.handOff(nodeName, offers));
        List<Long> released = stopped.stream().filter(id -> !moved.contains(id)).toList();
        store.releaseNetworks(nodeName, released);
        LOG.info("network node {} is drained: handed over networks {}, gave up {}", nodeName, moved.stream().sorted().toList(), released);
    }

    /**
     * The lease could not be renewed in time: stop serving every network now, without waiting for a
     * publication (one may be blocked on the store). What is served is read again once it renews.
     */
    private void fence() {
        forget = true;
        node.tearDownAll(node.served());
    }

    /** After a fence, under the lock: nothing held is known any more; the next publication claims afresh. */
    private void forgetIfFenced() {
        if (forget) {
            forget = false;
            held.clear();
            epochs.clear();
            mine = null;
            claimDue = true;
        }
    }

    /**
     * Serves, in one batch, the wanted networks that are not served yet or whose entries are not
     * held (read in one store read for all of them); records successes in {@code confirmed}.
     *
     * @return how many DHCP servers were started or given their settings again
     */
    private int serveNew(List<Network> wanted, Set<Long> served, long sequence, Map<Long, RuntimeException> failures,
                         Map<Long, Long> confirmed) {
        List<Network> fresh = wanted.stream().filter(n -> !served.contains(n.id()) || !held.containsKey(n.id())).toList();
        if (fresh.isEmpty() || closing || (lease != null && lease.fenced())) {
            return 0;
        }
        List<Long> ids = fresh.stream().map(Network::id).toList();
        Map<Long, List<HostEntry>> entries = store.hostEntries(ids);
        Map<Long, List<ActiveLease>> leases = store.activeLeases(fresh.stream().filter(n -> !served.contains(n.id()))
                .map(Network::id).toList());
        List<NetworkToServe> batch = fresh.stream().map(n -> new NetworkToServe(n, entries.getOrDefault(n.id(), List.of()),
                leases.getOrDefault(n.id(), List.of()))).toList();
        Map<Long, RuntimeException> notServed = node.serveAll(batch);
        List<Long> nowServed = new ArrayList<>();
        for (NetworkToServe n : batch) {
            long id = n.network().id();
            RuntimeException e = notServed.get(id);
            if (e != null) {
                held.remove(id);
                failures.put(id, e);
            } else {
                held.put(id, new HeldHosts(n.network(), n.hosts(), sequence));
                confirmed.put(id, sequence);
                nowServed.add(id);
            }
        }
        if (!nowServed.isEmpty() && !closing) {
            store.clearRefused(nowServed);
        }
        return nowServed.size();
    }

    /**
     * Keeps the networks this node holds to its capacity: those it serves stay, then the lowest
     * VLANs; the rest, and the unclaimed networks nobody had room for when this node is full, are
     * refused: said once in the log and recorded in the store for whoever waits for them. A refused
     * network is looked at again only when the networks change.
     */
    private void refuseBeyondCapacity() {
        Set<Long> served = node.served();
        List<Network> ordered = new ArrayList<>(mine.stream().filter(n -> served.contains(n.id())).toList());
        mine.stream().filter(n -> !served.contains(n.id())).forEach(ordered::add);
        Map<Long, String> now = new TreeMap<>();
        for (int i = capacity.max(); i < ordered.size(); i++) {
            Network n = ordered.get(i);
            now.put(n.id(), capacity.refusal(nodeName, n.id(), Integer.toString(n.vlan().value())));
        }
        if (mine.size() >= capacity.max()) {
            for (long id : store.unclaimedNetworks()) {
                now.put(id, capacity.refusal(nodeName, id, ""));
            }
        }
        Map<Long, String> fresh = new TreeMap<>(now);
        fresh.keySet().removeAll(refused.keySet());
        List<Long> lifted = refused.keySet().stream().filter(id -> !now.containsKey(id)).toList();
        refused.clear();
        refused.putAll(now);
        if (!fresh.isEmpty()) {
            fresh.values().stream().limit(FAILURES_LISTED).forEach(LOG::warn);
            if (fresh.size() > FAILURES_LISTED) {
                LOG.warn("{} more networks are not served: network node {} is full ({} networks at most: {}); refused networks: {}",
                        fresh.size() - FAILURES_LISTED, nodeName, capacity.max(), capacity.reason(), fresh.keySet());
            }
            store.markRefused(fresh);
        }
        if (!lifted.isEmpty()) {
            LOG.info("networks {} are no longer refused here", lifted);
            // cleared now, before this pass starts them: a wait in between would read the old "full" and fail
            store.clearRefused(lifted);
        }
    }

    /** One line per failure, the same message for many networks summed up; a network that keeps failing says so once. */
    private void report(List<Network> wanted, Map<Long, RuntimeException> failures, List<Long> gone) {
        if (closing) {
            if (!failures.isEmpty()) {
                LOG.debug("{} networks left unserved by the stop", failures.size());
            }
            return;
        }
        Map<Long, Network> byId = new HashMap<>();
        wanted.forEach(n -> byId.put(n.id(), n));
        Map<String, List<Long>> byMessage = new LinkedHashMap<>();
        for (Map.Entry<Long, RuntimeException> f : failures.entrySet()) {
            long id = f.getKey();
            RuntimeException e = f.getValue();
            if (failing.add(id)) {
                byMessage.computeIfAbsent(String.valueOf(e.getMessage()), m -> new ArrayList<>()).add(id);
                if (!(e instanceof XenvlanException)) {
                    LOG.error("cannot serve network {}: unexpected failure", id, e);
                }
            } else {
                LOG.debug("still cannot serve network {}: {}", id, e.getMessage());
            }
        }
        byMessage.forEach((message, ids) -> {
            ids.stream().limit(FAILURES_LISTED).forEach(id -> LOG.error("cannot serve network {}{}{}; will retry: {}", id,
                    byId.containsKey(id) ? " (vlan " + byId.get(id).vlan() + ")" : "", gone.contains(id) ? " (teardown)" : "",
                    message));
            if (ids.size() > FAILURES_LISTED) {
                LOG.error("{} more networks cannot be served for the same reason; will retry: {}", ids.size() - FAILURES_LISTED, ids);
            }
        });
        for (Long id : List.copyOf(failing)) {
            if (!failures.containsKey(id)) {
                failing.remove(id);
                if (byId.containsKey(id)) {
                    LOG.info("network {} (vlan {}) is served again", id, byId.get(id).vlan());
                }
            }
        }
    }

    /**
     * Publishes one served network up to {@code sequence}, given its host changes since the entries
     * held (null when the store read none: nothing changed up to the sequence).
     *
     * @return true when its DHCP server was reloaded or given new entries
     */
    private boolean publishServed(Network network, HostChanges changes, long sequence) {
        long id = network.id();
        HeldHosts hosts = held.get(id);
        if (changes == null) {
            hosts.advance(sequence); // the store read no change of this network up to the sequence
        } else if (!hosts.apply(changes, sequence)) {
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

    /** Runs {@code work} between publications, never during one (the self-check's short steps). */
    <T> T betweenPublications(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** The networks this node refuses now (it is full), with their messages. */
    Map<Long, String> refused() {
        lock.lock();
        try {
            return Map.copyOf(refused);
        } finally {
            lock.unlock();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Stops looking at the store and every dnsmasq, also while a publication (a cold start of many
     * networks) is under way: that publication ends at its next step without serving more, and
     * nothing it started outlives this call. Legs, rules and files stay for the next start.
     */
    @Override
    public void close() {
        stopPolling();
        node.close(); // first: a publication in flight finds its dnsmasq starts refused and ends quickly
        if (lease != null) {
            try {
                store.endLease(nodeName); // nothing served any more: the other nodes take its networks now
            } catch (RuntimeException e) {
                LOG.debug("ending the lease at the stop: {}", e.getMessage());
            }
        }
        try {
            if (lock.tryLock(5, TimeUnit.SECONDS)) {
                lock.unlock();
            } else {
                LOG.warn("a publication was still running 5 s after the node began to stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops watching the store and renewing, and lets the legs go on sending after this process (the
     * served dnsmasq stay) with no lease held: {@code netnode.on-shutdown = leave} on the embedded store
     * (no other node can take its networks), and what a machine's death leaves in the failover demo and
     * tests (which then kill what is left). On a shared store, leave is {@link #leaveServing(Duration)}.
     */
    void leaveServing() {
        stopPolling();
        if (lease != null) {
            lease.keepServingWithoutMe();
        }
    }

    /**
     * {@code netnode.on-shutdown = leave}: stops watching the store and renewing; the served dnsmasq
     * stay, and the networks stay this node's for {@code grace} ({@link NodeLease#holdWhileAway}).
     */
    void leaveServing(Duration grace) {
        stopPolling();
        if (lease != null) {
            lease.holdWhileAway(grace);
        }
    }

    /** Stops looking at the store; what the node serves keeps running. */
    void stopPolling() {
        closing = true;
        if (lease != null) {
            lease.close();
        }
        if (ticking != null) {
            ticking.cancel(false);
        }
        try {
            watching.close();
        } catch (Exception e) {
            LOG.debug("stopping the store's change listener: {}", e.getMessage());
        }
    }
}
