package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.InMemoryNetworkNodeStore;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.netnode.TestNetworks;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.dataplane.DhcpAnswer;
import io.xenvlan.netnode.dataplane.Eventually;
import io.xenvlan.netnode.dataplane.LeaseEventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The network node against the real thing: a private Open vSwitch with the userspace datapath,
 * the node in its own namespace on a trunk, VMs in namespaces on access ports of a "host"
 * bridge, busybox udhcpc as the DHCP client, real dnsmasq and dhcp_release.
 */
@Tag("dataplane")
class NetworkNodeDataplaneTest {
    private static DataPlane plane;
    private static String hostBridge;
    private static String nodeNs;

    private final InMemoryNetworkNodeStore store = new InMemoryNetworkNodeStore();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<NetworkNodeRole> roles = new ArrayList<>();
    private Path state;
    private Path events;

    @BeforeAll
    static void startDataPlane() {
        plane = DataPlane.start();
        hostBridge = plane.name("hb");
        plane.bridge(hostBridge);
        plane.veth(plane.name("ta"), plane.name("tb"));
        plane.vsctl("add-port", hostBridge, plane.name("ta"));
        nodeNs = plane.namespace("nn");
    }

    @AfterAll
    static void stopDataPlane() {
        plane.close();
    }

    @AfterEach
    void stopNodes() {
        roles.forEach(NetworkNodeRole::close);
        scheduler.shutdownNow();
    }

    private NetworkNodeRole startNode() throws IOException {
        if (state == null) {
            state = Files.createDirectory(plane.dir().resolve("node-" + System.nanoTime()));
            events = state.resolve("lease-events");
        }
        NetworkNodeConfig config = NetworkNodeConfig.builder("node-a", state)
                .ovsDb(plane.ovsDb())
                .trunkBridge(plane.name("tr"))
                .trunkInterface(plane.name("tb"))
                .netns(nodeNs)
                .portPrefix(plane.tag())
                .dhcpEventCommand(LeaseEventLog.command(events))
                .coalesceWindow(Duration.ofMillis(100))
                .restartBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .build();
        NetworkNodeRole role = NetworkNodeRole.create(config, store, plane.runner(), Clock.systemUTC(),
                scheduler, p -> { });
        roles.add(role);
        role.start();
        return role;
    }

    private void awaitPublished(Network network, long sequence) {
        PublicationWait.polling(store).await(network.id(), sequence, Duration.ofSeconds(20));
    }

    /** What the dhcp-script reported, also recorded in the store (as `xenvlan dhcp-event` does). */
    private List<LeaseEvent> leaseEvents() {
        List<LeaseEvent> all = LeaseEventLog.read(events);
        for (LeaseEvent e : all.subList(store.events().size(), all.size())) {
            store.recordLeaseEvent(e);
        }
        return all;
    }

    @Test
    void client_getsAllocatedAddressRouterAndMtu() throws IOException {
        Network net = TestNetworks.network(1, 101, "10.77.1.0/24");
        store.addNetwork(net);
        HostEntry vm = TestNetworks.host(net, 40);
        long seq = store.putHost(net.id(), vm);
        startNode();
        awaitPublished(net, seq);
        String ns = plane.vm("v1", hostBridge, 101, vm.mac());

        DhcpAnswer answer = plane.dhcp("v1");

        assertThat(answer.ip()).isEqualTo(vm.address());
        assertThat(answer.router()).isEqualTo(net.gateway());
        assertThat(answer.subnet()).isEqualTo(Ipv4Address.parse("255.255.255.0"));
        assertThat(answer.mtu()).contains(1400);
        assertThat(answer.leaseSeconds()).isEqualTo(86400);
        Eventually.await("add event for " + vm.mac(), Duration.ofSeconds(20), () -> leaseEvents().stream()
                .anyMatch(e -> e.action() == LeaseAction.ADD && e.mac().equals(vm.mac()) && e.address().equals(vm.address())));
        assertThat(store.activeLeases(net.id())).extracting(l -> l.address()).containsExactly(vm.address());
        plane.run("ip", "netns", "exec", ns, "ip", "addr", "add", answer.ip() + "/24", "dev", plane.vmInterface("v1"));
        plane.run("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "3", net.gateway().toString());
    }

    @Test
    void unknownMac_getsNoAddress() throws IOException {
        Network net = TestNetworks.network(2, 102, "10.77.2.0/24");
        store.addNetwork(net);
        long seq = store.putHost(net.id(), TestNetworks.host(net, 1));
        startNode();
        awaitPublished(net, seq);
        plane.vm("v2", hostBridge, 102, TestNetworks.host(net, 2).mac());

        assertThatThrownBy(() -> plane.dhcp("v2")).hasMessageContaining("udhcpc");
    }

    @Test
    void release_dropsLeaseAtOnce() throws IOException {
        Network net = TestNetworks.network(3, 103, "10.77.3.0/24");
        store.addNetwork(net);
        HostEntry vm = TestNetworks.host(net, 7);
        long seq = store.putHost(net.id(), vm);
        NetworkNodeRole node = startNode();
        awaitPublished(net, seq);
        plane.vm("v3", hostBridge, 103, vm.mac());
        assertThat(plane.dhcp("v3").ip()).isEqualTo(vm.address());
        Eventually.await("lease in dnsmasq's file", Duration.ofSeconds(10), () -> read(node, net).contains(vm.mac().toString()));

        long released = store.removeHost(net.id(), vm);
        awaitPublished(net, released);

        Eventually.await("lease gone from dnsmasq's file", Duration.ofSeconds(10), () -> !read(node, net).contains(vm.mac().toString()));
        Eventually.await("del event recorded", Duration.ofSeconds(20), () -> leaseEvents().stream()
                .anyMatch(e -> e.action() == LeaseAction.DEL && e.mac().equals(vm.mac())));
        assertThat(store.activeLeases(net.id())).isEmpty();
        assertThat(node.node().fleet().stats().releases()).isEqualTo(1);
    }

    @Test
    void restart_losesNoLease() throws IOException {
        Network net = TestNetworks.network(4, 104, "10.77.4.0/24");
        store.addNetwork(net);
        HostEntry vm = TestNetworks.host(net, 9);
        long seq = store.putHost(net.id(), vm);
        NetworkNodeRole first = startNode();
        awaitPublished(net, seq);
        plane.vm("v4", hostBridge, 104, vm.mac());
        assertThat(plane.dhcp("v4").ip()).isEqualTo(vm.address());
        Eventually.await("lease recorded in the store", Duration.ofSeconds(20), () -> {
            leaseEvents();
            return !store.activeLeases(net.id()).isEmpty();
        });
        first.close();
        Files.delete(first.node().fleet().directory(net.id()).resolve("leases"));

        NetworkNodeRole second = startNode();

        assertThat(read(second, net)).contains(vm.mac() + " " + vm.address());
        assertThat(plane.dhcp("v4").ip()).isEqualTo(vm.address());
        assertThat(store.activeLeases(net.id())).extracting(l -> l.mac()).containsExactly(vm.mac());
    }

    @Test
    void killedDnsmasq_isRestarted() throws IOException {
        Network net = TestNetworks.network(5, 105, "10.77.5.0/24");
        store.addNetwork(net);
        HostEntry vm = TestNetworks.host(net, 3);
        long seq = store.putHost(net.id(), vm);
        NetworkNodeRole node = startNode();
        awaitPublished(net, seq);
        long pid = node.node().fleet().pid(net.id());

        plane.run("kill", "-9", Long.toString(pid));

        Eventually.await("a new dnsmasq", Duration.ofSeconds(10), () -> {
            long now = node.node().fleet().pid(net.id());
            return now != pid && ProcessHandle.of(now).map(ProcessHandle::isAlive).orElse(false);
        });
        plane.vm("v5", hostBridge, 105, vm.mac());
        assertThat(plane.dhcp("v5").ip()).isEqualTo(vm.address());
        assertThat(node.node().fleet().stats().restarts()).isEqualTo(1);
    }

    @Test
    void tenThousandHosts_served() throws IOException {
        Network net = TestNetworks.network(6, 106, "10.78.0.0/18");
        store.addNetwork(net);
        long seq = 0;
        for (int i = 0; i < 10_000; i++) {
            seq = store.putHost(net.id(), TestNetworks.host(net, i));
        }
        NetworkNodeRole node = startNode();
        awaitPublished(net, seq);
        HostEntry last = TestNetworks.host(net, 9_999);
        plane.vm("v6", hostBridge, 106, last.mac());

        assertThat(plane.dhcp("v6").ip()).isEqualTo(last.address());
        assertThat(Files.readAllLines(node.node().fleet().directory(net.id()).resolve("hosts"))).hasSize(10_000);
    }

    private static String read(NetworkNodeRole role, Network net) {
        try {
            Path file = role.node().fleet().directory(net.id()).resolve("leases");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
