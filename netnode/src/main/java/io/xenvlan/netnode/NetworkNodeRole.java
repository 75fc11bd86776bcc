package io.xenvlan.netnode;

import io.xenvlan.core.guest.GuestStore;
import io.xenvlan.core.netnode.NetworkNodeStore;
import io.xenvlan.netnode.dnsmasq.DhcpScriptWrapper;
import io.xenvlan.netnode.dnsmasq.DnsGuard;
import io.xenvlan.netnode.dnsmasq.DnsSettings;
import io.xenvlan.netnode.dnsmasq.DnsmasqContext;
import io.xenvlan.netnode.dnsmasq.DnsmasqFleet;
import io.xenvlan.netnode.dnsmasq.DnsmasqStats;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.metadata.MetadataConfig;
import io.xenvlan.netnode.metadata.MetadataService;
import io.xenvlan.netnode.plumbing.IptablesGateway;
import io.xenvlan.netnode.plumbing.LinuxBridgeVlanPlumbing;
import io.xenvlan.netnode.plumbing.OvsVlanPlumbing;
import io.xenvlan.netnode.plumbing.VlanPlumbing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The network node role of a xenvlan process, wired from its configuration: start it, close it. */
public final class NetworkNodeRole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkNodeRole.class);
    private final DnsmasqNetworkNode node;
    private final NetworkNodeService service;
    private final Runnable drainLeaseEvents;
    private final Duration drainInterval;
    private final ScheduledExecutorService scheduler;
    private final NodeCheck check;
    private final NodeCheckStats checkStats;
    private final Duration checkInterval;
    private final Optional<MetadataService> metadata;
    private ScheduledFuture<?> draining;
    private ScheduledFuture<?> checking;

    private NetworkNodeRole(DnsmasqNetworkNode node, NetworkNodeService service, Runnable drainLeaseEvents,
                            Duration drainInterval, ScheduledExecutorService scheduler, NodeCheckStats checkStats,
                            Duration checkInterval, Optional<MetadataService> metadata) {
        this.node = node;
        this.service = service;
        this.drainLeaseEvents = drainLeaseEvents;
        this.drainInterval = drainInterval;
        this.scheduler = scheduler;
        this.check = new NodeCheck(node, checkStats, service::betweenPublications);
        this.checkStats = checkStats;
        this.checkInterval = checkInterval;
        this.metadata = metadata;
    }

    /**
     * Wires the driver the configuration names, the gateway, the dnsmasq fleet and the loop.
     * {@code runner} is a {@link io.xenvlan.netnode.exec.ProcessCommandRunner} to act, or a
     * {@link io.xenvlan.netnode.exec.ReportingCommandRunner} to only write dnsmasq's files and
     * record the commands.
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
        // dnsmasq's --dhcp-script: the one configured, or the wrapper of a dhcp-event command, or
        // (empty) each dnsmasq's lease spool, drained by this role
        Optional<Path> script = config.dhcpScript().or(() -> config.dhcpEventCommand().isEmpty() ? Optional.empty()
                : Optional.of(DhcpScriptWrapper.write(config.stateDir(), config.dhcpEventCommand(), config.netns().isPresent())));
        DnsmasqContext ctx = new DnsmasqContext(runner, config.netns(), config.stateDir(), script, config.leaseTime(),
                config.restartBackoffMin(), config.restartBackoffMax(), scheduler, clock, new DnsmasqStats(), dns);
        DnsmasqNetworkNode node = new DnsmasqNetworkNode(plumbing,
                new IptablesGateway(runner, config.netns(), config.publicInterface()), new DnsmasqFleet(ctx),
                Stream.concat(Stream.of(new DnsGuard(runner, config.netns())), metadata.stream()).toList());
        NetworkNodeService service = new NetworkNodeService(store, node, config.nodeName(), config.coalesceWindow(),
                config.pollInterval(), clock, scheduler, listener);
        DnsmasqFleet fleet = node.fleet();
        Runnable drain = () -> {
            try {
                fleet.drainLeaseEvents(store::recordLeaseEvents);
            } catch (RuntimeException e) {
                LOG.warn("recording lease events failed; they stay spooled: {}", e.getMessage());
            }
        };
        // a report-only runner changes nothing, so there is nothing real to check (every query answers "absent")
        Duration checkEvery = runner.executes() ? config.checkInterval() : Duration.ZERO;
        return new NetworkNodeRole(node, service, drain, config.coalesceWindow(), scheduler, new NodeCheckStats(), checkEvery,
                metadata);
    }

    /**
     * Checks the driver's needs, prepares trunk and gateway, serves every network of this node.
     *
     * @throws io.xenvlan.core.error.BackendFailureException saying plainly what is missing
     */
    public void start() {
        node.start();
        metadata.ifPresent(MetadataService::start);
        service.start();
        draining = scheduler.scheduleWithFixedDelay(drainLeaseEvents, drainInterval.toMillis(), drainInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        if (!checkInterval.isZero()) {
            checking = scheduler.scheduleWithFixedDelay(this::checkQuietly, checkInterval.toMillis(), checkInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
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

    /** Records the lease events the dnsmasq processes spooled, now (tests; the role does it every coalescing window). */
    public void recordLeaseEventsNow() {
        drainLeaseEvents.run();
    }

    private void stopSchedules() {
        if (draining != null) {
            draining.cancel(false);
        }
        if (checking != null) {
            checking.cancel(false);
        }
    }

    public DnsmasqNetworkNode node() {
        return node;
    }

    /** Publishes now, outside the polling rhythm (tests, the benchmark's drain). */
    public Publication publishNow() {
        return service.publish();
    }

    /** Stops every dnsmasq (legs, rules and files stay for the next start). */
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
        stopSchedules();
        service.stopPolling();
        node.fleet().detach();
        metadata.ifPresent(MetadataService::close); // it lives in this process: the next start listens again
    }
}
