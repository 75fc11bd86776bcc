package io.xenvlan.netnode;

import io.xenvlan.core.netnode.NetworkNodeStore;
import io.xenvlan.netnode.dnsmasq.DhcpScriptWrapper;
import io.xenvlan.netnode.dnsmasq.DnsmasqContext;
import io.xenvlan.netnode.dnsmasq.DnsmasqFleet;
import io.xenvlan.netnode.dnsmasq.DnsmasqStats;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.plumbing.IptablesGateway;
import io.xenvlan.netnode.plumbing.LinuxBridgeVlanPlumbing;
import io.xenvlan.netnode.plumbing.OvsVlanPlumbing;
import io.xenvlan.netnode.plumbing.VlanPlumbing;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** The network node role of a xenvlan process, wired from its configuration: start it, close it. */
public final class NetworkNodeRole implements AutoCloseable {
    private final DnsmasqNetworkNode node;
    private final NetworkNodeService service;

    private NetworkNodeRole(DnsmasqNetworkNode node, NetworkNodeService service) {
        this.node = node;
        this.service = service;
    }

    /**
     * Wires the driver the configuration names, the gateway, the dnsmasq fleet and the loop.
     * {@code runner} is a {@link io.xenvlan.netnode.exec.ProcessCommandRunner} to act, or a
     * {@link io.xenvlan.netnode.exec.ReportingCommandRunner} to only write dnsmasq's files and
     * record the commands.
     */
    public static NetworkNodeRole create(NetworkNodeConfig config, NetworkNodeStore store, CommandRunner runner,
                                         Clock clock, ScheduledExecutorService scheduler, Consumer<Publication> listener) {
        VlanPlumbing plumbing = switch (config.driver()) {
            case OVS -> new OvsVlanPlumbing(runner, config.ovsDb(), config.trunkBridge(), config.trunkInterface(),
                    config.netns(), config.portPrefix());
            case LINUXBRIDGE -> new LinuxBridgeVlanPlumbing(runner, config.trunkInterface().orElseThrow(),
                    config.netns(), config.portPrefix());
        };
        Path script = config.dhcpScript()
                .orElseGet(() -> DhcpScriptWrapper.write(config.stateDir(), config.dhcpEventCommand(),
                        config.netns().isPresent()));
        DnsmasqContext ctx = new DnsmasqContext(runner, config.netns(), config.stateDir(), script, config.leaseTime(),
                config.restartBackoffMin(), config.restartBackoffMax(), scheduler, clock, new DnsmasqStats());
        DnsmasqNetworkNode node = new DnsmasqNetworkNode(plumbing,
                new IptablesGateway(runner, config.netns(), config.publicInterface()), new DnsmasqFleet(ctx));
        NetworkNodeService service = new NetworkNodeService(store, node, config.nodeName(), config.coalesceWindow(),
                config.pollInterval(), clock, scheduler, listener);
        return new NetworkNodeRole(node, service);
    }

    /**
     * Checks the driver's needs, prepares trunk and gateway, serves every network of this node.
     *
     * @throws io.xenvlan.core.error.BackendFailureException saying plainly what is missing
     */
    public void start() {
        node.start();
        service.start();
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
        service.close();
    }

    /**
     * Stops watching the store but leaves every dnsmasq serving (a restart or upgrade of xenvlan
     * does not interrupt DHCP); the next start replaces them.
     */
    public void leaveServing() {
        service.stopPolling();
        node.fleet().detach();
    }
}
