package io.xenvlan.lab.demo;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.port.GuestStore;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.netnode.NetworkNodeConfig;
import io.xenvlan.netnode.NetworkNodeRole;
import io.xenvlan.netnode.dnsmasq.DnsSettings;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.NamespacedCommandRunner;
import io.xenvlan.netnode.exec.ProcessCommandRunner;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import io.xenvlan.netnode.floating.FloatingNode;
import io.xenvlan.netnode.metadata.MetadataConfig;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.sim.ovs.RunTag;
import io.xenvlan.store.JdbcFloatingStore;
import io.xenvlan.store.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The lab's network node (the demo's, and {@code xenvlan sim --netnode}'s), the product's {@link NetworkNodeRole} with the Open vSwitch driver:
 * real, its legs on the simulated pool's trunk switch and dnsmasq in namespace {@code <tag>-nn},
 * its public interface cabled to an {@link OutsideHost} and its floating IPs applied by the
 * product's {@link FloatingNode}, when there is a data plane; otherwise report-only, writing its
 * dnsmasq files and recording the commands it would run.
 */
public final class LabNetworkNode implements AutoCloseable {
    /** The public range of a lab whose node has a public side: documentation addresses (RFC 5737). */
    static final Cidr DEFAULT_PUBLIC_RANGE = Cidr.parse("203.0.113.0/24");

    private final NetworkNodeRole role;
    private final ScheduledExecutorService scheduler;
    private final Optional<ReportingCommandRunner> report;
    private final Optional<LeaseLog> leaseLog;
    private final String namespace;
    private final Optional<OutsideHost> outside;
    private FloatingNode floating;

    private LabNetworkNode(NetworkNodeRole role, ScheduledExecutorService scheduler, Optional<ReportingCommandRunner> report,
                           Optional<LeaseLog> leaseLog, String namespace, Optional<OutsideHost> outside) {
        this.role = role;
        this.scheduler = scheduler;
        this.report = report;
        this.leaseLog = leaseLog;
        this.namespace = namespace;
        this.outside = outside;
    }

    /** The demo's node: on a data plane, with a public side in {@link #DEFAULT_PUBLIC_RANGE} and floating IPs, and the metadata service reading {@code guests}. */
    static LabNetworkNode start(RunTag tag, Path stateDir, JdbcStore store, GuestStore guests, Optional<OvsDataPlane> plane) {
        LeaseLog leaseLog = LeaseLog.create(stateDir.resolve("lease-events"));
        return start(tag, stateDir, store, plane, "demo-node", Optional.of(leaseLog), plane.map(p -> DEFAULT_PUBLIC_RANGE),
                Optional.of(guests));
    }

    /**
     * The product's node on a simulated pool's trunk switch ({@code xenvlan sim --datapath ovs --netnode}):
     * it serves the networks of the store it is given, and dnsmasq's lease events reach that store
     * through the node's spool, as on a real network node.
     */
    public static LabNetworkNode onTrunk(RunTag tag, Path stateDir, JdbcStore store, OvsDataPlane plane, String nodeName,
                                         Cidr publicRange) {
        return start(tag, stateDir, store, Optional.of(plane), nodeName, Optional.empty(), Optional.of(publicRange), Optional.empty());
    }

    private static LabNetworkNode start(RunTag tag, Path stateDir, JdbcStore store, Optional<OvsDataPlane> plane, String nodeName,
                                        Optional<LeaseLog> leaseLog, Optional<Cidr> publicRange, Optional<GuestStore> guests) {
        String namespace = tag.namespace("nn");
        NetworkNodeConfig.Builder config = NetworkNodeConfig.builder(nodeName, stateDir.resolve("netnode"))
                .netns(namespace).portPrefix(tag.value());
        leaseLog.ifPresent(log -> config.dhcpScript(log.script()));
        CommandRunner runner;
        Optional<ReportingCommandRunner> report = Optional.empty();
        Optional<OutsideHost> outside = Optional.empty();
        if (plane.isPresent()) {
            plane.get().createNamespace("nn");
            outside = publicRange.map(range -> OutsideHost.wire(plane.get(), namespace, range));
            outside.ifPresent(o -> config.publicInterface(o.nodeInterface().value()));
            config.ovsDb(plane.get().trunk().ovsDb()).trunkBridge(plane.get().trunk().bridge());
            runner = new NamespacedCommandRunner(new ProcessCommandRunner(), new NamespaceName(plane.get().trunk().namespace()));
        } else {
            report = Optional.of(new ReportingCommandRunner());
            runner = report.get();
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.named("xenvlan-lab-netnode"));
        NetworkNodeRole role = NetworkNodeRole.create(config.build(), store, runner, Clock.systemUTC(), scheduler, p -> { },
                guests.orElse(null), guests.isPresent() ? MetadataConfig.defaults() : MetadataConfig.disabled(), DnsSettings.defaults());
        LabNetworkNode node = new LabNetworkNode(role, scheduler, report, leaseLog, namespace, outside);
        try {
            role.start();
            if (outside.isPresent()) {
                node.floating = FloatingNode.create(config.build(), JdbcFloatingStore.on(store, Clock.systemUTC()), runner, scheduler,
                        role.node()::served);
                node.floating.start();
            }
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** The internet of the lab, cabled to the node's public interface, when it has one. */
    public Optional<OutsideHost> outside() {
        return outside;
    }

    /** The product's node role this lab node runs. */
    NetworkNodeRole role() {
        return role;
    }

    /** The namespace of the node's legs and dnsmasq processes. */
    public String namespace() {
        return namespace;
    }

    List<String> reportedCommands() {
        return report.map(ReportingCommandRunner::report).orElse(List.of());
    }

    /** Where the network's dnsmasq keeps its files ({@code hosts}, {@code opts}, {@code leases}). */
    Path dnsmasqDirectory(long networkId) {
        return role.node().fleet().directory(networkId);
    }

    List<String> leaseEvents() {
        return leaseLog.map(LeaseLog::events).orElse(List.of());
    }

    @Override
    public void close() {
        try {
            if (floating != null) {
                floating.close();
            }
            outside.ifPresent(OutsideHost::close);
            role.close();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
