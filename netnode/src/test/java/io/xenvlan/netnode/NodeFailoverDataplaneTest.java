package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two network nodes, each in its own namespace on the same trunk, on one PostgreSQL store (each
 * with its own connection pool, as two machines): a VM holds its address from node a; node a's
 * machine dies (its lease is no longer renewed, every process in its namespace gets SIGKILL, the
 * namespace and its legs go); node b takes the network once a's lease expired and serves it within
 * 15 s: the VM's ARP cache points at b's leg without asking (the leg's gratuitous ARP), its gateway
 * answers, its DHCP request gets the same address, and b's dnsmasq started with the VM's lease read
 * from the store. Node a started again takes nothing back.
 */
@Tag("dataplane")
@Tag("postgres")
class NodeFailoverDataplaneTest {
    private static final Duration LEASE = Duration.ofSeconds(4);

    private static String inNs(DataPlane plane, String ns, String... argv) {
        String[] all = new String[argv.length + 4];
        all[0] = "ip";
        all[1] = "netns";
        all[2] = "exec";
        all[3] = ns;
        System.arraycopy(argv, 0, all, 4, argv.length);
        return plane.run(all).stdout();
    }

    private static String mac(DataPlane plane, String ns, String dev) {
        String out = inNs(plane, ns, "cat", "/sys/class/net/" + dev + "/address");
        return out.trim();
    }

    /** The VM's neighbour entry for {@code address}: its link-layer address, or "" when it has none. */
    private static String neighbour(DataPlane plane, String ns, String address) {
        String out = inNs(plane, ns, "ip", "neigh", "show", address);
        int i = out.indexOf("lladdr ");
        return i < 0 ? "" : out.substring(i + 7).split("\\s+")[0];
    }

    private static boolean answers(DataPlane plane, String ns, String address) {
        CommandResult r = plane.runner().run(Command.change("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "1", address));
        return r.exitCode() == 0;
    }

    @Test
    void killedNode_theOtherServesWithin15s_vmKeepsItsAddress_andTheFirstTakesNothingBack() throws Exception {
        try (NodeBench bench = NodeBench.start(); TestDatabase db = TestDatabase.postgres()) {
            DataPlane plane = bench.plane;
            NodeBench.Run run = bench.openRun(Optional.of(db.config()));
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
            try (JdbcStore storeOfB = JdbcStore.open(db.config())) {
                Network net = run.network(131, "10.83.1.0/24", 256);
                Allocation vm = run.manager.allocate("project-131", "vm-1", Optional.empty());
                NetworkNodeRole a = run.startNode(run.nodeConfig().nodeLease(LEASE));
                PublicationWait.polling(run.store).await(net.id(), run.store.changeSequence(), Duration.ofSeconds(30));
                String nsB = plane.namespace("nb");
                Path stateB = Files.createDirectory(run.state.resolveSibling("state-b"));
                NetworkNodeRole b = NetworkNodeRole.create(NetworkNodeConfig.builder("node-b", stateB).ovsDb(plane.ovsDb())
                        .trunkBridge(bench.trunkBridge).trunkInterface(plane.name("tb")).netns(nsB).portPrefix(plane.tag() + "b")
                        .coalesceWindow(Duration.ofMillis(100)).nodeLease(LEASE).build(), storeOfB, plane.runner(), Clock.systemUTC(),
                        scheduler, p -> { });
                try {
                    b.start();
                    assertThat(b.node().served()).as("a live node's network stays its own").isEmpty();

                    String vmNs = plane.vm("v1", bench.hostBridge, 131, vm.mac());
                    assertThat(plane.dhcp("v1").ip()).isEqualTo(vm.address());
                    inNs(plane, vmNs, "ip", "addr", "add", vm.address() + "/24", "dev", plane.vmInterface("v1"));
                    String gateway = net.gateway().toString();
                    assertThat(answers(plane, vmNs, gateway)).isTrue();
                    String legA = plane.tag() + "g131";
                    assertThat(neighbour(plane, vmNs, gateway)).isEqualTo(mac(plane, bench.nodeNs, legA));
                    Eventually.await("the VM's lease recorded in the store", Duration.ofSeconds(30),
                            () -> run.store.activeLeases(net.id()).stream().map(ActiveLease::address).anyMatch(vm.address()::equals));

                    // node a's machine dies: no more renewals, every process in its namespace killed, its legs gone
                    a.leaveServing();
                    long t0 = System.nanoTime();
                    for (String pid : plane.run("ip", "netns", "pids", bench.nodeNs).stdout().split("\\s+")) {
                        if (pid.matches("[0-9]+")) {
                            plane.runner().run(Command.change("kill", "-9", pid));
                        }
                    }
                    plane.run("ip", "netns", "del", bench.nodeNs);

                    Eventually.await("node b serves the network", Duration.ofSeconds(15), () -> b.node().served().contains(net.id()));
                    double takeover = (System.nanoTime() - t0) / 1e9;
                    String legB = plane.tag() + "bg131";
                    Eventually.await("the VM's ARP cache points at b's leg (gratuitous ARP)", Duration.ofSeconds(3),
                            () -> neighbour(plane, vmNs, gateway).equals(mac(plane, nsB, legB)));
                    Eventually.await("the gateway answers", Duration.ofSeconds(15), () -> answers(plane, vmNs, gateway));
                    assertThat(plane.dhcp("v1").ip()).as("the VM's DHCP request gets the same address").isEqualTo(vm.address());
                    double served = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("node failover: b took the network %.1f s after a died; gateway and DHCP answered after %.1f s%n",
                            takeover, served);
                    assertThat(served).isLessThanOrEqualTo(15.0);
                    assertThat(takeover).as("not before a's lease could expire").isGreaterThanOrEqualTo(LEASE.toSeconds() * 0.75);
                    assertThat(Files.readString(b.node().fleet().directory(net.id()).resolve("leases")))
                            .as("b's dnsmasq lease file seeded from the store").contains(vm.address().toString());

                    plane.namespace("nn"); // a's machine back (an empty namespace of the same name)
                    NetworkNodeRole aAgain = run.startNode(run.nodeConfig().nodeLease(LEASE));
                    Thread.sleep(LEASE.toMillis());
                    assertThat(aAgain.node().served()).as("the node that came back takes nothing back by force").isEmpty();
                    assertThat(b.node().served()).contains(net.id());
                } finally {
                    b.close();
                }
            } finally {
                run.close();
                scheduler.shutdownNow();
            }
        }
    }
}
