package io.xenvlan.netnode;

import io.xenvlan.core.port.GuestStore;
import io.xenvlan.core.port.NetworkNodeStore;
import io.xenvlan.netnode.dnsmasq.DhcpScriptWrapper;
import io.xenvlan.netnode.dnsmasq.DnsGuard;
import io.xenvlan.netnode.dnsmasq.DnsSettings;
import io.xenvlan.netnode.dnsmasq.DnsmasqContext;
import io.xenvlan.netnode.dnsmasq.DnsmasqFleet;
import io.xenvlan.netnode.dnsmasq.DnsmasqStats;
import io.xenvlan.netnode.dnsmasq.InotifyBudget;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.firewall.GatewayRules;
import io.xenvlan.netnode.firewall.LegDeadMan;
import io.xenvlan.netnode.firewall.NodeFirewall;
import io.xenvlan.netnode.metadata.MetadataConfig;
import io.xenvlan.netnode.metadata.MetadataService;
import io.xenvlan.netnode.plumbing.LinuxBridgeVlanPlumbing;
import io.xenvlan.netnode.plumbing.OvsVlanPlumbing;
import io.xenvlan.netnode.plumbing.VlanPlumbing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The network node role of a xenvlan process, wired from its configuration: start it, close it. */
public final class NetworkNodeRole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkNodeRole.class);
    /** How often every lease spool is drained even without news from the spool watch (a safety net). */
    static final Duration SPOOL_SWEEP = Duration.ofSeconds(60);

    private final DnsmasqNetworkNode node;
    private final NetworkNodeService service;
    private final NetworkNodeStore store;
    private final Duration drainDelay;
    private final ScheduledExecutorService scheduler;
    private final NodeCheck check;
    private final NodeCheckStats checkStats;
    private final Duration checkInterval;
    private final Optional<NodeLimits> limits;
    private final NodeCapacity capacity;
    private final Optional<MetadataService> metadata;
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private volatile boolean closed;
    private ScheduledFuture<?> sweeping;
    private ScheduledFuture<?> checking;

    private NetworkNodeRole(DnsmasqNetworkNode node, NetworkNodeService service, NetworkNodeStore store, Duration drainDelay,
                            ScheduledExecutorService scheduler, NodeCheckStats checkStats, Duration checkInterval,
                            Optional<NodeLimits> limits, NodeCapacity capacity, Optional<MetadataService> metadata) {
        this.node = node;
        this.service = service;
        this.store = store;
        this.drainDelay = drainDelay;
        this.scheduler = scheduler;
        this.check = new NodeCheck(node, checkStats, service::betweenPublications);
        this.checkStats = checkStats;
        this.checkInterval = checkInterval;
        this.limits = limits;
        this.capacity = capacity;
        this.metadata = metadata;
    }

    /**
     * Wires the driver the configuration names, the packet rules, the dnsmasq fleet and the loop.
     * {@code runner} is a {@link io.xenvlan.netnode.exec.ProcessCommandRunner} to act (the node then
     * reads the kernel's limits), or a {@link io.xenvlan.netnode.exec.ReportingCommandRunner} to only
     * write dnsmasq's files and record the commands.
     */
    public static NetworkNodeRole create(NetworkNodeConfig config, NetworkNodeStore store, CommandRunner runner,
                                         Clock clock, ScheduledExecutorService scheduler, Consumer<Publication> listener) {
        return create(config, store, runner, clock, scheduler, listener, null, MetadataConfig.disabled(), DnsSettings.defaults());
    }

    /**
     * As {@link #create(NetworkNodeConfig, NetworkNodeStore, CommandRunner, Clock, ScheduledExecutorService, Consumer)},
     * with the metadata service on every served network when {@code metadataConfig} enables it
     * ({@code guests} is where it finds the VMs) and each dnsmasq answering DNS as {@code dns} says.
     */
    public static NetworkNodeRole create(NetworkNodeConfig config, NetworkNodeStore store, CommandRunner runner,
                                         Clock clock, ScheduledExecutorService scheduler, Consumer<Publication> listener,
                                         GuestStore guests, MetadataConfig metadataConfig, DnsSettings dns) {
        Optional<MetadataService> metadata = metadataConfig.enabled()
                ? Optional.of(new MetadataService(metadataConfig, guests, runner, config.netns())) : Optional.empty();
        VlanPlumbing plumbing = switch (config.driver()) {
            case OVS -> new OvsVlanPlumbing(runner, config.ovsDb(), config.trunkBridge(), config.trunkInterface(),
                    config.netns(), config.portPrefix());
            case LINUXBRIDGE -> new LinuxBridgeVlanPlumbing(runner, config.trunkInterface().orElseThrow(),
                    config.netns(), config.portPrefix());
        };
        // what the kernel allows: read on a machine the node acts on; a report-only node has no limits to heed
        Optional<NodeLimits> limits = runner.executes() ? Optional.of(NodeLimits.read()) : Optional.empty();
        NodeCapacity capacity = limits.map(l -> l.capacity(config.maxNetworks())).orElse(config.maxNetworks() > 0
                ? new NodeCapacity(config.maxNetworks(), "netnode.max-networks = " + config.maxNetworks()) : NodeCapacity.unlimited());
        InotifyBudget inotify = limits.map(NodeLimits::inotifyBudget).orElse(InotifyBudget.unlimited());
        // dnsmasq's --dhcp-script: the one configured, or the wrapper of a dhcp-event command, or
        // (empty) each dnsmasq's lease spool, drained by this role
        Optional<Path> script = config.dhcpScript().or(() -> config.dhcpEventCommand().isEmpty() ? Optional.empty()
                : Optional.of(DhcpScriptWrapper.write(config.stateDir(), config.dhcpEventCommand(), config.netns().isPresent())));
        DnsmasqContext ctx = new DnsmasqContext(runner, config.netns(), config.stateDir(), script, config.leaseTime(),
                config.restartBackoffMin(), config.restartBackoffMax(), scheduler, clock, new DnsmasqStats(), inotify, dns);
        DnsmasqNetworkNode node = new DnsmasqNetworkNode(plumbing, new NodeFirewall(runner, config.netns()),
                new GatewayRules(config.publicInterface()), new DnsmasqFleet(ctx),
                Stream.concat(Stream.<LegService>of(new DnsGuard()), metadata.stream()).toList());
        NetworkNodeService service = new NetworkNodeService(store, node, config.nodeName(), config.coalesceWindow(),
                config.pollInterval(), clock, scheduler, listener, capacity, config.nodeLease());
        if (runner.executes() && config.driver() == NetnodeDriver.OVS) {
            // the OVS driver's legs share a prefix (a Linux bridge's legs are the networks' bridges: no switch for them)
            service.deadMan(LegDeadMan.over(runner, config.netns(), config.portPrefix() + "g"));
        }
        // a report-only runner changes nothing, so there is nothing real to check (every query answers "absent")
        Duration checkEvery = runner.executes() ? config.checkInterval() : Duration.ZERO;
        return new NetworkNodeRole(node, service, store, config.coalesceWindow(), scheduler, new NodeCheckStats(), checkEvery,
                limits, capacity, metadata);
    }

    /**
     * Checks the driver's needs, prepares trunk and rules, serves every network of this node (as
     * many as it has room for), stops what an earlier run left for networks it no longer serves.
     * {@link #close} from another thread (a SIGTERM) ends a start under way.
     *
     * @throws io.xenvlan.core.error.BackendFailureException saying plainly what is missing
     */
    public void start() {
        limits.ifPresent(l -> l.log(capacity));
        node.start();
        node.fleet().onLeaseEvents(this::leaseEventsArrived);
        metadata.ifPresent(MetadataService::start);
        service.start();
        if (closed) {
            return;
        }
        int left = node.fleet().stopLeftovers();
        if (left > 0) {
            LOG.info("stopped {} dnsmasq left by an earlier run for networks not served here", left);
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            sweeping = scheduler.scheduleWithFixedDelay(this::sweepLeaseEvents, SPOOL_SWEEP.toMillis(), SPOOL_SWEEP.toMillis(),
                    TimeUnit.MILLISECONDS);
            if (!checkInterval.isZero()) {
                checking = scheduler.scheduleWithFixedDelay(this::checkQuietly, checkInterval.toMillis(), checkInterval.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /** A spool got files: record them within a coalescing window (one drain however many arrive meanwhile). */
    private void leaseEventsArrived() {
        if (closed || !drainPending.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                drainPending.set(false);
                drain(false);
            }, drainDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            drainPending.set(false);
        }
    }

    private void sweepLeaseEvents() {
        drain(true);
    }

    private void drain(boolean all) {
        try {
            node.fleet().drainLeaseEvents(store::recordLeaseEvents, all);
        } catch (RuntimeException e) {
            LOG.warn("recording lease events failed; they stay spooled: {}", e.getMessage());
        }
    }

    /** Checks every network the node serves and repairs what is wrong, now (tests; the role does it every check interval). */
    public NodeCheck.Run checkNow() {
        return check.run();
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            LOG.error("netnode check failed; next at the next interval", e);
        }
    }

    /** The self-check's counters (runs by outcome, repairs by kind), for metrics. */
    public NodeCheckStats checkStats() {
        return checkStats;
    }

    /**
     * The dead-man switch of this node's legs, which also silences the floating addresses a
     * {@code FloatingNode} gives it ({@link LegDeadMan#NONE} for a node without one).
     */
    public LegDeadMan deadMan() {
        return service.deadMan();
    }

    /** Records the lease events the dnsmasq processes spooled, now (tests; the role does it when spools get files). */
    void recordLeaseEventsNow() {
        drain(true);
    }

    private synchronized void stopSchedules() {
        closed = true;
        if (sweeping != null) {
            sweeping.cancel(false);
        }
        if (checking != null) {
            checking.cancel(false);
        }
    }

    public DnsmasqNetworkNode node() {
        return node;
    }

    /** How many networks this node serves at most, and why. */
    NodeCapacity capacity() {
        return capacity;
    }

    /** The networks this node refuses now (it is full), with their messages. */
    java.util.Map<Long, String> refused() {
        return service.refused();
    }

    /** Publishes now, outside the store's rhythm (tests, the benchmark's drain). */
    Publication publishNow() {
        return service.publish();
    }

    /**
     * Stops every dnsmasq, all at once, also during a start (legs, rules and files stay for the
     * next start). No dnsmasq outlives this call.
     */
    @Override
    public void close() {
        stopSchedules();
        service.close();
        metadata.ifPresent(MetadataService::close);
    }

    /** The metadata service, when this node runs one. */
    public Optional<MetadataService> metadata() {
        return metadata;
    }

    /**
     * Stops watching the store but leaves every dnsmasq serving (a restart or upgrade of xenvlan
     * does not interrupt DHCP); the next start replaces them.
     */
    public void leaveServing() {
        leave(service::leaveServing);
    }

    /**
     * {@code netnode.on-shutdown = leave}: as {@link #leaveServing()}, and the networks stay this
     * node's for {@code grace}: a restart within it serves them on; a node not back by then falls
     * silent on its legs before other nodes take them.
     */
    public void leaveServing(Duration grace) {
        leave(() -> service.leaveServing(grace));
    }

    private void leave(Runnable stopService) {
        stopSchedules();
        stopService.run();
        node.fleet().detach();
        node.closeListings();
        metadata.ifPresent(MetadataService::close); // it lives in this process: the next start listens again
    }
}
