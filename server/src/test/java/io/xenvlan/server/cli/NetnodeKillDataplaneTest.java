package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.core.floating.AssociationTarget;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.dataplane.PublicSide;
import io.xenvlan.store.JdbcFloatingStore;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code xenvlan server --roles netnode} as its own process, killed with {@code kill -9} alone (its
 * machine, namespace and dnsmasq stay, as without systemd): within its lease nothing of it answers
 * any more on its legs (no gateway ping, no DHCP), although its dnsmasq still runs: the legs' dead-man
 * switch in the kernel timed out. Its floating address, left on its public interface, answers no ARP
 * either. While the node lives, the switch is refreshed and everything answers.
 */
@Tag("dataplane")
class NetnodeKillDataplaneTest {
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final int VLAN = 151;

    @Test
    void killedNodeProcess_itsLegsFallSilentWithinTheLease_thoughItsDnsmasqRuns() throws Exception {
        try (DataPlane plane = DataPlane.start()) {
            String hostBridge = plane.name("hb");
            plane.bridge(hostBridge);
            plane.veth(plane.name("ta"), plane.name("tb"));
            plane.vsctl("add-port", hostBridge, plane.name("ta"));
            String nodeNs = plane.namespace("nn");
            Path state = Files.createDirectory(plane.dir().resolve("killed"));
            Network net;
            Allocation vm;
            String floating;
            try (JdbcStore store = EmbeddedStore.open(state)) {
                VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
                net = manager.createNetworks(new NetworkRequest("killed", "10.91.0.0/24", 1, 256, VLAN, Optional.empty(),
                        Optional.empty(), "eth1", Optional.empty(), Optional.empty(), Optional.empty(), 1500, Optional.empty())).get(0);
                manager.associate(ProjectId.of("killed-p"), Optional.empty());
                vm = manager.allocate(ProjectId.of("killed-p"), InstanceId.of("vm-1"), Optional.empty());
                FloatingIps fips = new FloatingIps(JdbcFloatingStore.on(store, Clock.systemUTC()), store, new FloatingConfig(10, false));
                fips.createPool(FloatingPool.parse("public", "203.0.113.64/26", Optional.empty()));
                floating = fips.allocate(ProjectId.of("killed-p"), Optional.empty()).address().toString();
                fips.associate(Ipv4Address.parse(floating), new AssociationTarget.FixedAddress(vm.address()));
            }
            PublicSide outside = PublicSide.attach(plane, nodeNs);
            Process server = NetnodeServerProcess.start(plane, state, nodeNs, Map.of("XENVLAN_NETNODE_NODE_NAME", "killed",
                    "XENVLAN_NETNODE_NODE_LEASE", LEASE.toSeconds() + "s", "XENVLAN_NETNODE_PUBLIC_INTERFACE", outside.nodeInterface()));
            try {
                Eventually.await("the node serves its network", Duration.ofSeconds(120),
                        () -> NetnodeServerProcess.log(state).contains("served 1 new networks of 1") || !server.isAlive());
                assertThat(server.isAlive()).as("server running; its log: " + NetnodeServerProcess.log(state)).isTrue();
                String vmNs = plane.vm("v1", hostBridge, VLAN, vm.mac());
                assertThat(plane.dhcp("v1").ip()).isEqualTo(vm.address());
                plane.run("ip", "-n", vmNs, "addr", "add", vm.address() + "/24", "dev", plane.vmInterface("v1"));
                Thread.sleep(LEASE.toMillis() * 2); // longer than the switch's timeout: the renewals keep it open
                assertThat(answers(plane, vmNs, net)).as("the gateway answers while the node lives").isTrue();
                assertThat(plane.dhcpAgain("v1", vm.address())).as("DHCP answers while the node lives").isPresent();
                Eventually.await("the floating address answers ARP outside", Duration.ofSeconds(30), () -> arpAnswered(outside, floating));

                server.destroyForcibly(); // SIGKILL to the JVM alone (ip netns exec ran java in its place)
                long t0 = System.nanoTime();
                assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(NetnodeServerProcess.dnsmasqOf(state)).as("its dnsmasq outlive the JVM (no systemd here)").isNotEmpty();
                double silent = -1; // seconds from the kill to the first ping (1 s wait) left unanswered
                while (silent < 0 && System.nanoTime() - t0 < LEASE.multipliedBy(3).toNanos()) {
                    long sent = System.nanoTime();
                    if (!answers(plane, vmNs, net)) {
                        silent = (sent - t0) / 1e9;
                    }
                }
                assertThat(silent).as("the gateway stopped answering").isGreaterThanOrEqualTo(0);
                assertThat(plane.dhcpAgain("v1", vm.address())).as("dnsmasq's answers do not leave the leg").isEmpty();
                plane.run("ip", "-n", vmNs, "neigh", "flush", "all");
                assertThat(answers(plane, vmNs, net)).as("no ARP answer either").isFalse();
                assertThat(arpAnswered(outside, floating)).as("the floating address, still on the public interface, answers no ARP")
                        .isFalse();
                assertThat(plane.run("ip", "-n", nodeNs, "-o", "addr", "show", "dev", outside.nodeInterface()).stdout())
                        .as("the killed process left it there").contains(floating + "/32");
                assertThat(NetnodeServerProcess.dnsmasqOf(state)).as("dnsmasq still runs: the kernel silenced it").isNotEmpty();
                System.out.printf("node process killed: its legs fell silent %.1f s after (lease %d s)%n", silent, LEASE.toSeconds());
                assertThat(silent).isLessThan(LEASE.toSeconds());
            } finally {
                server.destroyForcibly();
                NetnodeServerProcess.dnsmasqOf(state).forEach(ProcessHandle::destroyForcibly);
                outside.close();
            }
        }
    }

    /** Whether the outside resolves {@code address} by ARP (its neighbour cache flushed first). */
    private static boolean arpAnswered(PublicSide outside, String address) {
        PublicSide.runIn(outside.namespace(), Duration.ofSeconds(5), "ip", "neigh", "flush", "all");
        outside.ping(address); // its answer needs the VM's route back; its ARP needs the node alone
        return PublicSide.runIn(outside.namespace(), Duration.ofSeconds(5), "ip", "neigh", "show", address).stdout().contains("lladdr");
    }

    private static boolean answers(DataPlane plane, String vmNs, Network net) {
        return plane.runner().run(Command.change("ip", "netns", "exec", vmNs, "ping", "-c", "1", "-W", "1",
                net.gateway().toString())).exitCode() == 0;
    }

}
