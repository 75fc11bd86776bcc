package io.xenvlan.lab.demo;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.netnode.NetworkNodeConfig;
import io.xenvlan.netnode.NetworkNodeRole;
import io.xenvlan.netnode.exec.NamespacedCommandRunner;
import io.xenvlan.netnode.exec.ProcessCommandRunner;
import io.xenvlan.sim.ovs.Exec;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A further network node of the failover demo: the product's {@link NetworkNodeRole} with the Open
 * vSwitch driver, its legs on the simulated pool's trunk switch, in a namespace of its own (its
 * "machine"), with a connection pool of its own on the shared PostgreSQL store, as a second
 * machine would have. It creates its namespace and removes it when closed.
 */
final class FailoverNode implements AutoCloseable {
    private final String name;
    private final String namespace;
    private final JdbcStore store;
    private final ScheduledExecutorService scheduler;
    private final NetworkNodeRole role;

    private FailoverNode(String name, String namespace, JdbcStore store, ScheduledExecutorService scheduler, NetworkNodeRole role) {
        this.name = name;
        this.namespace = namespace;
        this.store = store;
        this.scheduler = scheduler;
        this.role = role;
    }

    /** Starts node {@code name} in namespace {@code namespace} (created here), interfaces named from {@code portPrefix}. */
    static FailoverNode start(String name, String namespace, String portPrefix, Path stateDir, StoreConfig storeConfig,
                              OvsDataPlane plane) {
        Exec.check(List.of("ip", "netns", "add", namespace));
        Exec.check(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.named("xenvlan-demo-" + name));
        JdbcStore store;
        NetworkNodeRole role;
        try {
            store = JdbcStore.open(storeConfig.withPoolSize(4));
            try {
                NetworkNodeConfig config = NetworkNodeConfig.builder(name, stateDir).netns(namespace).portPrefix(portPrefix)
                        .ovsDb(plane.trunk().ovsDb()).trunkBridge(plane.trunk().bridge()).build();
                role = NetworkNodeRole.create(config, store, new NamespacedCommandRunner(new ProcessCommandRunner(),
                        new NamespaceName(plane.trunk().namespace())), Clock.systemUTC(), scheduler, p -> { });
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            Exec.run(List.of("ip", "netns", "del", namespace));
            throw e;
        }
        FailoverNode node = new FailoverNode(name, namespace, store, scheduler, role);
        try {
            role.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    String name() {
        return name;
    }

    String namespace() {
        return namespace;
    }

    /** Whether this node serves network {@code networkId} now (leg, gateway, dnsmasq). */
    boolean serves(long networkId) {
        return role.node().served().contains(networkId);
    }

    /** The networks this node serves now. */
    java.util.Set<Long> served() {
        return role.node().served();
    }

    @Override
    public void close() {
        try {
            role.close();
        } finally {
            scheduler.shutdownNow();
            store.close();
            Exec.run(List.of("ip", "netns", "del", namespace));
        }
    }
}
