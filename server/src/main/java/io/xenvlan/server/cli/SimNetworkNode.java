package io.xenvlan.server.cli;

import io.xenvlan.server.demo.LabNetworkNode;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.store.JdbcStore;
import java.io.PrintWriter;

/**
 * {@code xenvlan sim --datapath ovs --netnode}: xenvlan's network node on the simulated pool's trunk
 * switch, serving the networks of the store the global options select (the state directory's
 * embedded store by default, which this process then holds: other commands go through it). Its
 * dnsmasq files live beside the state directory, in {@code <state-dir>-netnode/sim-<tag>}, where
 * dnsmasq can read them. Closing it twice is harmless.
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

    static SimNetworkNode start(GlobalOptions global, OvsDataPlane plane) {
        JdbcStore store = global.openStore();
        try {
            LabNetworkNode node = LabNetworkNode.onTrunk(plane.tag(), NetnodeRoleStarter.besideState(global.stateDir()).resolve("sim-" + plane.tag()),
                    store, plane, "sim-" + plane.tag());
            return new SimNetworkNode(store, global.storeName(), node);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    void summary(OvsDataPlane plane, PrintWriter out) {
        out.println("  network node  namespace " + node.namespace() + ": a leg on the trunk switch and a dnsmasq per VLAN for every"
                + " network with a project in " + storeName + "; then in a VM: ip netns exec " + plane.tag()
                + "-vm1 udhcpc -i eth<device of the attached VIF>");
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
