package io.xenvlan.lab.cli;

import io.xenvlan.core.concurrent.Closer;
import io.xenvlan.server.config.StateDirs;
import io.xenvlan.server.cli.GlobalOptions;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.api.ApiServices;
import io.xenvlan.server.config.ConfigLoader;
import io.xenvlan.lab.demo.LabNetworkNode;
import io.xenvlan.server.local.LocalEndpoint;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.store.JdbcStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code xenvlan sim --datapath ovs --netnode}: xenvlan's network node on the simulated pool's trunk
 * switch, serving the networks of the store the global options select (the state directory's
 * embedded store by default, which this process then holds: other commands go through it). Its
 * dnsmasq files live beside the state directory, in {@code <state-dir>-netnode/sim-<tag>}, where
 * dnsmasq can read them. Closing it twice is harmless.
 */
final class SimNetworkNode implements AutoCloseable {
    private final String storeName;
    private final LabNetworkNode node;
    /** The store, the node, then the local endpoint and what its API opened (pool sessions): closed last first. */
    private final Closer running;

    private SimNetworkNode(String storeName, LabNetworkNode node, Closer running) {
        this.storeName = storeName;
        this.node = node;
        this.running = running;
    }

    static SimNetworkNode start(GlobalOptions global, OvsDataPlane plane, Cidr publicRange) {
        Closer running = new Closer("xenvlan sim");
        try {
            JdbcStore store = running.add(global.openStore());
            LabNetworkNode node = running.add(LabNetworkNode.onTrunk(plane.tag(),
                    StateDirs.netnodeBeside(global.stateDir()).resolve("sim-" + plane.tag()), store, plane, "sim-" + plane.tag(), publicRange));
            if (global.configuredStore().isEmpty()) {
                // this process holds the embedded store: the other commands go through it
                ApiServices services = ServiceWiring.api(store, new ServerMetrics(), Clock.systemUTC(), global.stateDir().resolve("pool-secrets"),
                        running, Duration.ZERO, ConfigLoader.floatingFromEnvironment(System.getenv()));
                running.add(LocalEndpoint.start(global.stateDir(), store, services, LocalEndpoint.LIMITS, Clock.systemUTC()));
            }
            return new SimNetworkNode(global.storeName(), node, running);
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    void summary(OvsDataPlane plane, PrintWriter out) {
        out.println("  network node  namespace " + node.namespace() + ": a leg on the trunk switch and a dnsmasq per VLAN for every"
                + " network with a project in " + storeName + "; then in a VM: ip netns exec " + plane.tag()
                + "-vm1 udhcpc -i eth<device of the attached VIF>");
        node.outside().ifPresent(o -> {
            out.println("  outside       namespace " + o.namespace() + ", address " + o.address() + ": the internet, cabled to the node's"
                    + " public interface " + o.nodeInterface() + " (" + o.nodeAddress() + ")");
            out.println("  floating IPs  xenvlan floating create --range " + o.suggestedPool() + " --pool public; allocate, associate,"
                    + " then from outside: ip netns exec " + o.namespace() + " ping <floating IP>");
        });
    }

    @Override
    public void close() {
        running.close();
    }
}
