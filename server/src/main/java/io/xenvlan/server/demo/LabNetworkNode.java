package io.xenvlan.server.demo;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.netnode.NetworkNodeStore;
import io.xenvlan.netnode.NetworkNodeConfig;
import io.xenvlan.netnode.NetworkNodeRole;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.NamespacedCommandRunner;
import io.xenvlan.netnode.exec.ProcessCommandRunner;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.sim.ovs.RunTag;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The lab's network node (the demo's, and {@code xenvlan sim --netnode}'s), the product's {@link NetworkNodeRole} with the Open vSwitch driver:
 * real, its legs on the simulated pool's trunk switch and dnsmasq in namespace {@code <tag>-nn},
 * when there is a data plane; otherwise report-only, writing its dnsmasq files and recording the
 * commands it would run.
 */
public final class LabNetworkNode implements AutoCloseable {
    private final NetworkNodeRole role;
    private final ScheduledExecutorService scheduler;
    private final Optional<ReportingCommandRunner> report;
    private final Optional<LeaseLog> leaseLog;
    private final String namespace;

    private LabNetworkNode(NetworkNodeRole role, ScheduledExecutorService scheduler, Optional<ReportingCommandRunner> report,
                           Optional<LeaseLog> leaseLog, String namespace) {
        this.role = role;
        this.scheduler = scheduler;
        this.report = report;
        this.leaseLog = leaseLog;
        this.namespace = namespace;
    }

    static LabNetworkNode start(RunTag tag, Path stateDir, NetworkNodeStore store, Optional<OvsDataPlane> plane) {
        LeaseLog leaseLog = LeaseLog.create(stateDir.resolve("lease-events"));
        return start(tag, stateDir, store, plane, "demo-node", Optional.of(leaseLog));
    }

    /**
     * The product's node on a simulated pool's trunk switch ({@code xenvlan sim --datapath ovs --netnode}):
     * it serves the networks of the store it is given, and dnsmasq's lease events reach that store
     * through the node's spool, as on a real network node.
     */
    public static LabNetworkNode onTrunk(RunTag tag, Path stateDir, NetworkNodeStore store, OvsDataPlane plane, String nodeName) {
        return start(tag, stateDir, store, Optional.of(plane), nodeName, Optional.empty());
    }

    private static LabNetworkNode start(RunTag tag, Path stateDir, NetworkNodeStore store, Optional<OvsDataPlane> plane, String nodeName,
                                        Optional<LeaseLog> leaseLog) {
        String namespace = tag.namespace("nn");
        NetworkNodeConfig.Builder config = NetworkNodeConfig.builder(nodeName, stateDir.resolve("netnode"))
                .netns(namespace).portPrefix(tag.value());
        leaseLog.ifPresent(log -> config.dhcpScript(log.script()));
        CommandRunner runner;
        Optional<ReportingCommandRunner> report = Optional.empty();
        if (plane.isPresent()) {
            plane.get().createNamespace("nn");
            config.ovsDb(plane.get().trunk().ovsDb()).trunkBridge(plane.get().trunk().bridge());
            runner = new NamespacedCommandRunner(new ProcessCommandRunner(), new NamespaceName(plane.get().trunk().namespace()));
        } else {
            report = Optional.of(new ReportingCommandRunner());
            runner = report.get();
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.named("xenvlan-lab-netnode"));
        NetworkNodeRole role = NetworkNodeRole.create(config.build(), store, runner, Clock.systemUTC(), scheduler, p -> { });
        LabNetworkNode node = new LabNetworkNode(role, scheduler, report, leaseLog, namespace);
        try {
            role.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
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
            role.close();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
