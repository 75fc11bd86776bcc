package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.dataplane.DhcpAnswer;
import io.xenvlan.netnode.dataplane.LeaseEventRecorder;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The network node against the real thing: the VLAN manager on the real store (an H2 file; PostgreSQL
 * where the dhcp-script's processes share it), a private Open vSwitch with the userspace datapath, the node
 * in its own namespace on a trunk, VMs in namespaces on access ports of a "host" bridge, busybox
 * udhcpc as the DHCP client, real dnsmasq and dhcp_release.
 */
@Tag("dataplane")
class NetworkNodeDataplaneTest {
    @RegisterExtension
    static final NodeBenchExtension BENCH = new NodeBenchExtension();
    private final DataPlane plane = BENCH.plane();
    private final String hostBridge = BENCH.bench().hostBridge;

    private NodeBench.Run run = BENCH.run();
    private JdbcStore store = run.store;
    private VlanManager manager = run.manager;

    private Network network(int vlan, String cidr, int size) {
        return run.network(vlan, cidr, size);
    }

    private Allocation allocate(Network net, String instance) {
        return manager.allocate(net.project().orElseThrow(), InstanceId.of(instance), Optional.empty());
    }

    /** A node whose dnsmasq processes spool their lease events (the default). */
    private NetworkNodeRole startNode() {
        return startNode(List.of());
    }

    /** A node whose dnsmasq runs {@code dhcpEventCommand} per lease event when it is not empty. */
    private NetworkNodeRole startNode(List<String> dhcpEventCommand) {
        return run.startNode(run.nodeConfig().dhcpEventCommand(dhcpEventCommand)
                .restartBackoff(Duration.ofMillis(200), Duration.ofSeconds(2)));
    }

    /** What the attach flow does before it boots a VM: wait until the node confirms. */
    private void awaitLive(Network net) {
        PublicationWait.polling(store).await(net.id(), store.changeSequence(), Duration.ofSeconds(20));
    }

    private FixedIp address(Network net, Ipv4Address address) {
        return manager.addresses(Optional.of(net.label().value()), Optional.empty(), true).stream()
                .filter(f -> f.address().equals(address)).findFirst().orElseThrow();
    }

    private void awaitLeased(Network net, Ipv4Address address, boolean leased) {
        Eventually.await(address + (leased ? " leased" : " not leased") + " in the store", Duration.ofSeconds(30),
                () -> address(net, address).leased() == leased);
    }

    @Test
    void client_getsAllocatedAddressRouterAndMtu() {
        Network net = network(101, "10.77.1.0/24", 256);
        Allocation vm = allocate(net, "vm-1");
        startNode();
        awaitLive(net);
        String ns = plane.vm("v1", hostBridge, 101, vm.mac());

        DhcpAnswer answer = plane.dhcp("v1");

        assertThat(answer.ip()).isEqualTo(vm.address());
        assertThat(answer.router()).isEqualTo(net.gateway());
        assertThat(answer.subnet()).isEqualTo(Ipv4Address.parse("255.255.255.0"));
        assertThat(answer.mtu()).contains(1400);
        assertThat(answer.leaseSeconds()).isEqualTo(86400);
        awaitLeased(net, vm.address(), true);
        plane.run("ip", "netns", "exec", ns, "ip", "addr", "add", answer.ip() + "/24", "dev", plane.vmInterface("v1"));
        plane.run("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "3", net.gateway().toString());
    }

    /** Each event's process opens the store itself, so the store is one several processes share: PostgreSQL. */
    @Test
    @Tag("postgres")
    void leaseEvents_throughAProcessPerEvent_stillRecorded() {
        try (TestDatabase db = TestDatabase.postgres()) {
            run = BENCH.reopen(Optional.of(db.config()));
            store = run.store;
            manager = run.manager;
            try {
                Network net = network(108, "10.77.8.0/24", 256);
                Allocation vm = allocate(net, "vm-8");
                startNode(LeaseEventRecorder.command(db.url() + "?user=" + db.user().orElseThrow()
                        + "&password=" + db.password().orElseThrow()));
                awaitLive(net);
                plane.vm("v8", hostBridge, 108, vm.mac());

                assertThat(plane.dhcp("v8").ip()).isEqualTo(vm.address());
                awaitLeased(net, vm.address(), true);
            } finally {
                BENCH.reopen(Optional.empty()); // closed before its database is dropped
            }
        }
    }

    @Test
    void spooledLeaseEvents_recorded_andOnlyAReloadReplaysTheLeases() {
        Network net = network(109, "10.77.9.0/24", 256);
        Allocation vm = allocate(net, "vm-9");
        NetworkNodeRole node = startNode();
        awaitLive(net);
        plane.vm("v9", hostBridge, 109, vm.mac());
        assertThat(plane.dhcp("v9").ip()).isEqualTo(vm.address());
        awaitLeased(net, vm.address(), true);
        Path spool = node.node().fleet().directory(net.id()).resolve("lease-events");
        // A dnsmasq watches its hosts directory only while the user's inotify instances last (InotifyBudget);
        // on a machine whose other processes hold most of them it reloads for an addition instead, and a
        // reload replays vm-9's lease as an "old" event. Either way the events must be exactly these.
        long reloadsPerAddition = watchesHostsDirectory(node.node().fleet().pid(net.id())) ? 0 : 1;

        Allocation added = allocate(net, "vm-9b"); // added: a file of the hosts directory (no reload) when watched
        awaitLive(net);
        plane.vm("v9b", hostBridge, 109, added.mac());
        assertThat(plane.dhcp("v9b").ip()).isEqualTo(added.address());
        awaitLeased(net, added.address(), true);
        long expected = 2 + reloadsPerAddition; // the two adds, and vm-9's replay if dnsmasq was reloaded
        Eventually.await("both adds spooled and drained", Duration.ofSeconds(10),
                () -> pending(spool) == 0 && spooled(spool) >= expected);
        assertThat(spooled(spool)).isEqualTo(expected);
        assertThat(node.node().fleet().stats().reloads()).isEqualTo(reloadsPerAddition);

        manager.release(added.address().toString()); // a removal: rewrite, reload (replaying vm-9's lease), dhcp_release
        awaitLive(net);

        awaitLeased(net, added.address(), false);
        // the release's del, and the reload's "old" for vm-9 (and for vm-9b when dnsmasq reloads before the release)
        Eventually.await("the reload's replay and the release spooled and drained", Duration.ofSeconds(10),
                () -> spooled(spool) >= 4 && pending(spool) == 0);
        assertThat(address(net, vm.address()).leased()).isTrue();
        assertThat(node.node().fleet().stats().reloads()).isEqualTo(1 + reloadsPerAddition);
    }

    /** Whether the dnsmasq with this pid was started with a hosts directory it watches (its command line says). */
    private static boolean watchesHostsDirectory(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).contains("--dhcp-hostsdir=");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many events the spool's script numbered so far. */
    private static long spooled(Path spool) {
        try {
            Path next = spool.resolve("next");
            return Files.exists(next) ? Long.parseLong(Files.readString(next).strip()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Event files not yet recorded by the node. */
    private static long pending(Path spool) {
        try (var files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".event")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void unknownMac_getsNoAddress() {
        Network net = network(102, "10.77.2.0/24", 256);
        Allocation known = allocate(net, "vm-1");
        startNode();
        awaitLive(net);
        plane.vm("v2a", hostBridge, 102, known.mac());
        assertThat(plane.dhcp("v2a").ip()).as("the node answers a known MAC on this VLAN").isEqualTo(known.address());
        plane.vm("v2", hostBridge, 102, MacAddress.parse("fa:16:3e:99:99:99"));

        // dnsmasq answers within milliseconds, as it just did: two discovers a second apart are ample to see it refuse,
        // even when the unknown MAC asks for the known VM's address
        assertThat(plane.dhcpAgain("v2", known.address())).isEmpty();
    }

    @Test
    void allocationAfterStart_isServedOnceConfirmed() {
        Network net = network(107, "10.77.7.0/24", 256);
        startNode();
        awaitLive(net);
        Allocation vm = allocate(net, "late-vm");
        awaitLive(net);
        plane.vm("v7", hostBridge, 107, vm.mac());

        assertThat(plane.dhcp("v7").ip()).isEqualTo(vm.address());
    }

    @Test
    void release_dropsLeaseAtOnce() {
        Network net = network(103, "10.77.3.0/24", 256);
        Allocation vm = allocate(net, "vm-3");
        NetworkNodeRole node = startNode();
        awaitLive(net);
        plane.vm("v3", hostBridge, 103, vm.mac());
        assertThat(plane.dhcp("v3").ip()).isEqualTo(vm.address());
        awaitLeased(net, vm.address(), true);
        assertThat(leases(node, net)).contains(vm.mac().toString());

        manager.release(vm.address().toString());
        awaitLive(net);

        Eventually.await("lease gone from dnsmasq's file", Duration.ofSeconds(10), () -> !leases(node, net).contains(vm.mac().toString()));
        awaitLeased(net, vm.address(), false);
        assertThat(address(net, vm.address()).state()).isEqualTo("free");
        assertThat(node.node().fleet().stats().releases()).isEqualTo(1);
    }

    @Test
    void restart_losesNoLease() throws IOException {
        Network net = network(104, "10.77.4.0/24", 256);
        Allocation vm = allocate(net, "vm-4");
        NetworkNodeRole first = startNode();
        awaitLive(net);
        plane.vm("v4", hostBridge, 104, vm.mac());
        assertThat(plane.dhcp("v4").ip()).isEqualTo(vm.address());
        awaitLeased(net, vm.address(), true);
        first.close();
        Files.delete(first.node().fleet().directory(net.id()).resolve("leases")); // only the store remembers now

        NetworkNodeRole second = startNode();

        assertThat(leases(second, net)).contains(vm.mac() + " " + vm.address());
        assertThat(plane.dhcp("v4").ip()).isEqualTo(vm.address());
        assertThat(address(net, vm.address()).leased()).isTrue();
    }

    @Test
    void killedDnsmasq_isRestarted() {
        Network net = network(105, "10.77.5.0/24", 256);
        Allocation vm = allocate(net, "vm-5");
        NetworkNodeRole node = startNode();
        awaitLive(net);
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
        Network net = network(106, "10.78.0.0/18", 16384);
        // requested addresses (the store's search for a free one slows down as a /18 fills), 4 at a time
        Allocation[] all = new Allocation[10_000];
        java.util.stream.IntStream.range(0, all.length).parallel().forEach(i ->
                all[i] = manager.allocate(ProjectId.of("project-106"), InstanceId.of("vm-" + i), Optional.of(net.dhcpStart().plus(i).toString())));
        Allocation last = all[all.length - 1];
        NetworkNodeRole node = startNode();
        awaitLive(net);
        plane.vm("v6", hostBridge, 106, last.mac());

        assertThat(plane.dhcp("v6").ip()).isEqualTo(last.address());
        assertThat(Files.readAllLines(node.node().fleet().directory(net.id()).resolve("hosts"))).hasSize(10_000);
    }

    private static String leases(NetworkNodeRole role, Network net) {
        try {
            Path file = role.node().fleet().directory(net.id()).resolve("leases");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
