package io.xenvlan.netnode;

import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.dnsmasq.DnsSettings;
import io.xenvlan.netnode.metadata.MetadataConfig;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.EmbeddedTemplate;
import io.xenvlan.store.JdbcGuestStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The network node's bench on the real data plane, shared by its data-plane tests: a private Open
 * vSwitch (the {@link DataPlane} harness) with a "host" bridge for the VMs cabled to the node's
 * trunk interface, and the node's namespace. Each test opens a {@link Run}: a fresh H2 file store
 * (a copy of a migrated one, {@link EmbeddedTemplate}), the VLAN manager over it and the nodes it
 * starts, all closed with the run.
 */
final class NodeBench implements AutoCloseable {
    final DataPlane plane;
    final String hostBridge;
    final String trunkBridge;
    final String nodeNs;

    private NodeBench(DataPlane plane) {
        this.plane = plane;
        this.hostBridge = plane.name("hb");
        this.trunkBridge = plane.name("tr");
        plane.bridge(hostBridge);
        plane.veth(plane.name("ta"), plane.name("tb"));
        plane.vsctl("add-port", hostBridge, plane.name("ta"));
        this.nodeNs = plane.namespace("nn");
    }

    static NodeBench start() {
        DataPlane plane = DataPlane.start();
        try {
            return new NodeBench(plane);
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    /** A run on a fresh embedded store (H2 file). */
    Run openRun() {
        return openRun(Optional.empty());
    }

    /** A run on {@code shared} (PostgreSQL), which other processes (dhcp-event commands) open too. */
    Run openRun(Optional<StoreConfig> shared) {
        try {
            return new Run(Files.createDirectory(plane.dir().resolve("run-" + System.nanoTime())), shared);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        plane.close();
    }

    /** One test's store (an H2 file, or a shared database), VLAN manager and nodes. */
    final class Run implements AutoCloseable {
        final Path state;
        final JdbcStore store;
        final VlanManager manager;
        private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        private final List<NetworkNodeRole> roles = new ArrayList<>();

        private Run(Path dir, Optional<StoreConfig> shared) throws IOException {
            state = Files.createDirectory(dir.resolve("state"));
            store = shared.map(JdbcStore::open).orElseGet(() -> EmbeddedStore.open(EmbeddedTemplate.copyInto(dir.resolve("store"))));
            manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
        }

        /** Node {@code node-a} on the bench's trunk in its namespace, with a 100 ms coalescing window. */
        NetworkNodeConfig.Builder nodeConfig() {
            return NetworkNodeConfig.builder("node-a", state)
                    .ovsDb(plane.ovsDb())
                    .trunkBridge(trunkBridge)
                    .trunkInterface(plane.name("tb"))
                    .netns(nodeNs)
                    .portPrefix(plane.tag())
                    .coalesceWindow(Duration.ofMillis(100));
        }

        /** Starts a node with {@code config} on the bench's runner; the run closes it. */
        NetworkNodeRole startNode(NetworkNodeConfig.Builder config) {
            return startNode(config, MetadataConfig.disabled());
        }

        /** Starts a node with {@code config} and the metadata service as {@code metadata} says, reading this run's store. */
        NetworkNodeRole startNode(NetworkNodeConfig.Builder config, MetadataConfig metadata) {
            return startNode(config, metadata, DnsSettings.defaults());
        }

        /** As {@link #startNode(NetworkNodeConfig.Builder, MetadataConfig)}, dnsmasq answering DNS as {@code dns} says. */
        NetworkNodeRole startNode(NetworkNodeConfig.Builder config, MetadataConfig metadata, DnsSettings dns) {
            NetworkNodeRole role = NetworkNodeRole.create(config.build(), store, plane.runner(), Clock.systemUTC(), scheduler, p -> { },
                    JdbcGuestStore.on(store, Clock.systemUTC()), metadata, dns);
            roles.add(role);
            role.start();
            return role;
        }

        /** The run's scheduler (closed with it), for parts started beside the node. */
        ScheduledExecutorService scheduler() {
            return scheduler;
        }

        /** One network of {@code size} addresses on VLAN {@code vlan}, MTU 1400, a DNS server, owned by project-{@code vlan}. */
        Network network(int vlan, String cidr, int size) {
            return manager.createNetworks(request(vlan, cidr, size)).get(0);
        }

        /** As {@link #network}, in DNS domain {@code dnsDomain} ({@code network create --dns-domain}). */
        Network network(int vlan, String cidr, int size, String dnsDomain) {
            return manager.createNetworks(request(vlan, cidr, size).withDnsDomain(dnsDomain)).get(0);
        }

        private static NetworkRequest request(int vlan, String cidr, int size) {
            return new NetworkRequest("net-" + vlan, cidr, 1, size, vlan, Optional.of(vlan),
                    Optional.empty(), "eth1", Optional.empty(), Optional.of("192.0.2.53"), Optional.empty(), 1400,
                    Optional.of("project-" + vlan));
        }

        @Override
        public void close() {
            roles.forEach(NetworkNodeRole::close);
            scheduler.shutdownNow();
            store.close();
        }
    }
}
