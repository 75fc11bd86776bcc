package io.xenvlan.server.cli;

import io.xenvlan.core.value.Cidr;
import io.xenvlan.server.demo.LabNetworkNode;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import java.io.PrintWriter;

/**
 * {@code xenvlan sim --datapath ovs --netnode}: xenvlan's network node on the simulated pool's trunk
 * switch, serving the networks of the store the global options select (the CLI's own store by
 * default, an embedded H2 file that other xenvlan processes open too). Closing it twice is harmless.
 */
final class SimNetworkNode implements AutoCloseable {
    private final JdbcStore store;
    private final String storeName;
    private final LabNetworkNode node;
    private boolean closed;

    private SimNetworkNode(JdbcStore store, String storeName, LabNetworkNode node) {
        this.store = store;
        this.storeName = storeName;
        this.node = node;
    }

    static SimNetworkNode start(GlobalOptions global, OvsDataPlane plane, Cidr publicRange) {
        StoreConfig config = global.storeConfig();
        JdbcStore store = JdbcStore.open(config);
        try {
            LabNetworkNode node = LabNetworkNode.onTrunk(plane.tag(), global.stateDir().toAbsolutePath().resolve("sim-" + plane.tag()),
                    store, plane, "sim-" + plane.tag(), publicRange);
            return new SimNetworkNode(store, config.describe(), node);
        } catch (RuntimeException e) {
            store.close();
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            node.close();
        } finally {
            store.close();
        }
    }
}
