package io.xenvlan.netnode.floating;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.floating.NodeFloatingState;
import io.xenvlan.core.floating.ServedFloatingIp;
import io.xenvlan.core.port.FloatingNodeStore;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.NetworkNodeConfig;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.firewall.LegDeadMan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network node's floating IPs. It polls the store's floating version (and the networks this
 * node serves, whose associations it applies); when either moved, it reads the node's state in one
 * query, computes what the kernel lacks or holds too much of against what it last applied, and
 * applies that as one batch. At start (also after a crash or a reboot) and in each self-check it
 * reads what the kernel holds instead, so it restores exactly the store's associations and removes
 * any it no longer has, and flushes connections still NATed through a floating IP the old way (a
 * crash between a batch's rules and its flush leaves them, and the kernel's table no longer shows why).
 */
public final class FloatingNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FloatingNode.class);

    private final FloatingNodeStore store;
    private final FloatingRules rules;
    private final String nodeName;
    private final Optional<InterfaceName> publicInterface;
    private final Supplier<Set<Long>> servedNetworks;
    private final Duration pollInterval;
    private final Duration checkInterval;
    private final ScheduledExecutorService scheduler;
    private final ArpAnnouncer arp;
    private final FloatingStats stats = new FloatingStats();
    private AppliedFloating held = AppliedFloating.nothing();
    private FloatingPlan plan = FloatingPlan.empty();
    private long version = -1;
    private Set<Long> served = Set.of();
    private boolean retry;
    private long warnedUnservable = -1;
    private ScheduledFuture<?> polling;
    private ScheduledFuture<?> checking;
    private volatile boolean closed;
    private LegDeadMan deadMan = LegDeadMan.NONE;
    private Set<Ipv4Address> fenced = Set.of(); // the floating addresses the dead-man switch silences now

    FloatingNode(FloatingNodeStore store, FloatingRules rules, String nodeName, Optional<InterfaceName> publicInterface,
                 Supplier<Set<Long>> servedNetworks, Duration pollInterval, Duration checkInterval, ScheduledExecutorService scheduler,
                 ArpAnnouncer arp) {
        this.store = store;
        this.rules = rules;
        this.nodeName = nodeName;
        this.publicInterface = publicInterface;
        this.servedNetworks = servedNetworks;
        this.pollInterval = pollInterval;
        this.checkInterval = checkInterval;
        this.scheduler = scheduler;
        this.arp = arp;
    }

    /**
     * The floating part of the node configured by {@code config}, applying through {@code runner};
     * {@code servedNetworks} tells which networks the node serves now (a network it starts serving
     * brings its associations). It looks at the store once per coalescing window, so changes within
     * one window are one batch, and checks itself every check interval (never with a runner that
     * only reports).
     */
    public static FloatingNode create(NetworkNodeConfig config, FloatingNodeStore store, CommandRunner runner,
                                      ScheduledExecutorService scheduler, Supplier<Set<Long>> servedNetworks) {
        ExecutorService senders = Executors.newFixedThreadPool(4, DaemonThreads.named("netnode-arp"));
        ArpAnnouncer arp = new ArpAnnouncer(runner, config.netns(), senders);
        NftFloatingRules rules = new NftFloatingRules(runner, config.netns(), config.stateDir().resolve("floating"), arp);
        return new FloatingNode(store, rules, config.nodeName(), config.publicInterface(), servedNetworks, config.coalesceWindow(),
                runner.executes() ? config.checkInterval() : Duration.ZERO, scheduler, arp);
    }

    /**
     * Makes the node's floating addresses answer only while {@code switchOfLegs} is refreshed (before
     * {@link #start}): a node process killed with its machine up leaves its addresses on its public
     * interfaces, and they must fall silent before another node may take them over.
     */
    public synchronized void fencedBy(LegDeadMan switchOfLegs) {
        this.deadMan = switchOfLegs;
    }

    /**
     * Restores the store's associations (removing any others), then follows the store.
     *
     * @throws InvalidInputException naming {@code netnode.public-interface} when pools that name no
     *         interface exist and this node has none
     */
    public synchronized void start() {
        NodeFloatingState state = store.floatingState(nodeName);
        if (publicInterface.isEmpty() && state.pools().stream().anyMatch(p -> p.iface().isEmpty())) {
            throw new InvalidInputException("netnode.public-interface", "required", "netnode.public-interface: floating pools exist ("
                    + String.join(", ", state.pools().stream().filter(p -> p.iface().isEmpty()).map(p -> p.name().value()).toList())
                    + ") without an interface of their own; the network node needs its public interface for them");
        }
        rules.start();
        FloatingChanges applied = reconcile(state, true);
        // what the kernel already held may never have been announced (a crash between a batch and its
        // ARPs), or announced before a neighbour cached another MAC: announce it again, as nova's init_host did
        plan.entries().values().stream().filter(e -> !applied.added().contains(e)).forEach(e -> arp.announce(e.floatingIp(), e.iface()));
        polling = scheduler.scheduleWithFixedDelay(this::pollQuietly, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        if (!checkInterval.isZero()) {
            checking = scheduler.scheduleWithFixedDelay(this::checkQuietly, checkInterval.toMillis(), checkInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            LOG.error("floating IPs: self-check failed; next at the next interval", e);
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            if (closed) {
                return; // stopped meanwhile (its command interrupted): nothing to retry
            }
            LOG.error("floating IPs: applying the store's state failed; reading the kernel and retrying", e);
            synchronized (this) {
                retry = true;
            }
        }
    }

    /** One poll: when the store's floating version or the served networks moved (or the last apply failed), applies the difference. */
    synchronized void poll() {
        long now = store.floatingVersion();
        Set<Long> networks = servedNetworks.get();
        if (now != version || !networks.equals(served) || retry) {
            reconcile(store.floatingState(nodeName), retry);
        }
    }

    /** Applies what {@code state} needs against the held state, or against the kernel's when {@code fromKernel}; returns what it applied. */
    private FloatingChanges reconcile(NodeFloatingState state, boolean fromKernel) {
        served = Set.copyOf(servedNetworks.get());
        plan = FloatingPlan.of(state, publicInterface);
        warnUnservable(state.version(), plan.unservable());
        if (fromKernel) {
            held = rules.read(interfacesOf(plan, held));
        }
        FloatingChanges changes = FloatingChanges.between(held, plan);
        if (!changes.none()) {
            long started = System.nanoTime();
            fence(held, changes.after()); // an address is in the switch before it is on an interface
            rules.apply(changes);
            stats.applied(changes.added().size() + changes.dnatRemoved().size(), System.nanoTime() - started);
        }
        held = changes.after();
        fence(held);
        version = state.version();
        retry = false;
        if (fromKernel) {
            flushStale();
        }
        return changes;
    }

    /** Puts the addresses of {@code states} (and no others) in the dead-man switch, when they differ from what it holds. */
    private void fence(AppliedFloating... states) {
        Set<Ipv4Address> all = new java.util.HashSet<>();
        for (AppliedFloating s : states) {
            s.addresses().values().forEach(all::addAll);
        }
        if (!all.equals(fenced)) {
            deadMan.floating(all);
            fenced = Set.copyOf(all);
        }
    }

    /** Flushes connections a crash left NATed the old way; returns the self-check's line about them, if any. */
    private Optional<String> flushStale() {
        int flushed = rules.flushStale(plan);
        if (flushed == 0) {
            return Optional.empty();
        }
        String line = flushed + " connection(s) NATed through floating IPs in a way the store no longer has, flushed";
        LOG.warn("floating IPs: {}", line);
        return Optional.of(line);
    }

    private void warnUnservable(long at, List<ServedFloatingIp> unservable) {
        if (!unservable.isEmpty() && warnedUnservable != at) {
            warnedUnservable = at;
            LOG.error("floating IPs {} are not served: their pools name no interface and netnode.public-interface is not set",
                    unservable.stream().map(s -> s.floatingIp().toString()).toList());
        }
    }

    /** The interfaces whose addresses matter: the plan's public ones and any the node held addresses on. */
    private static Set<InterfaceName> interfacesOf(FloatingPlan plan, AppliedFloating held) {
        java.util.Set<InterfaceName> all = new java.util.HashSet<>(plan.publics());
        all.addAll(held.publics());
        all.addAll(held.addresses().keySet());
        return all;
    }

    /**
     * The self-check: reads what the kernel holds, compares it with the store's state and repairs the
     * difference (missing or stale associations, addresses, chains). Returns what it found.
     */
    public synchronized List<String> checkNow() {
        NodeFloatingState state = store.floatingState(nodeName);
        plan = FloatingPlan.of(state, publicInterface);
        AppliedFloating actual = rules.read(interfacesOf(plan, held));
        FloatingChanges changes = FloatingChanges.between(actual, plan);
        List<String> found = new ArrayList<>(changes.describe());
        found.forEach(f -> LOG.warn("netnode check: floating: {}", f));
        if (!changes.none()) {
            fence(actual, changes.after());
            rules.apply(changes);
        }
        held = changes.after();
        fence(held);
        version = state.version();
        flushStale().ifPresent(found::add);
        return found;
    }

    /** Counts of applied batches, for metrics and the benchmark. */
    public FloatingStats stats() {
        return stats;
    }

    /** Gratuitous ARPs queued or being sent (they go out beside the batches, a few at a time). */
    public long announcementsPending() {
        return arp.pending();
    }

    /** How many associations the node holds now. */
    public synchronized int associations() {
        return held.associations();
    }

    /** Stops following the store; what the kernel holds stays (a restart restores from the store anyway). */
    @Override
    public void close() {
        closed = true;
        stopSchedules();
    }

    private synchronized void stopSchedules() {
        if (polling != null) {
            polling.cancel(false);
        }
        if (checking != null) {
            checking.cancel(false);
        }
        arp.close();
    }
}
