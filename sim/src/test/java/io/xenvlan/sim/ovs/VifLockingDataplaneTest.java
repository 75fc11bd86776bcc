package io.xenvlan.sim.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Network;
import com.xensource.xenapi.PIF;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VIF;
import com.xensource.xenapi.VLAN;
import com.xensource.xenapi.VM;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimHost;
import io.xenvlan.sim.SimulatorConfig;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * VIF locking enforced by the simulated hosts' Open vSwitch as XenServer's vif script enforces
 * it, driven through the published SDK: a locked VM gets its lease and reaches its peers from its
 * own MAC and address only; another address (a free one or a peer's) or another MAC reaches
 * nothing; {@code disabled}, directly or through the network's default, cuts the VM off.
 */
@Tag("dataplane")
class VifLockingDataplaneTest {
    private static final String GATEWAY = "10.77.0.1";
    private Path dir;
    private OvsDataPlane plane;
    private PoolSimulator sim;
    private Connection c;
    private SdkCalls sdk;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("xenvlan-locking-test-");
        plane = OvsDataPlane.start(OvsDataPlaneConfig.of(RunTag.random(new SecureRandom()), dir.resolve("plane")));
        sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(2).vms(0).dataPlane(plane).build());
        c = new Connection(new URL(sim.url().toString()));
        Session.loginWithPassword(c, "root", SimulatorConfig.DEFAULT_PASSWORD, "1.3");
        sdk = new SdkCalls(sim, c);
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.stop();
        }
        if (plane != null) {
            plane.close();
        }
        Exec.run(List.of("rm", "-rf", dir.toString()));
    }

    @Test
    void lockedVif_passesOnlyItsMacAndAddress_disabledPassesNothing() throws Exception {
        Network network = sdk.createNetwork("br120");
        for (PIF pif : sdk.trunkPifs()) {
            VLAN.create(c, pif, 120L, network);
        }
        network.setDefaultLockingMode(c, Types.NetworkDefaultLockingMode.DISABLED);
        SimHost host1 = sim.hosts().get(0);
        SimHost host2 = sim.hosts().get(1);
        try (TestNode node = new TestNode(plane, 120, GATEWAY + "/24")) {
            node.dnsmasq(dir, GATEWAY, "255.255.255.0", List.of("fa:16:3e:00:00:11,vm-a,10.77.0.11",
                    "fa:16:3e:00:00:12,vm-b,10.77.0.12", "fa:16:3e:00:00:13,vm-c,10.77.0.13"));
            VM a = sdk.vmWithVif("vm-a", network, "fa:16:3e:00:00:11", host1, Types.VifLockingMode.LOCKED, Set.of("10.77.0.11"));
            VM b = sdk.vmWithVif("vm-b", network, "fa:16:3e:00:00:12", host2, Types.VifLockingMode.UNLOCKED, Set.of());
            VM cut = sdk.vmWithVif("vm-c", network, "fa:16:3e:00:00:13", host1); // network_default: the network says disabled
            GuestConsole guestA = plane.guest(a.getUuid(c));
            GuestConsole guestB = plane.guest(b.getUuid(c));

            assertThat(guestA.dhcp(1, 5)).get().extracting(DhcpLease::address).isEqualTo("10.77.0.11");
            assertThat(guestB.dhcp(1, 5)).get().extracting(DhcpLease::address).isEqualTo("10.77.0.12");
            assertThat(plane.guest(cut.getUuid(c)).dhcp(1, 2)).as("a disabled VIF is on no bridge").isEmpty();
            assertThat(guestA.ping(GATEWAY, 3)).isTrue();
            assertThat(guestA.ping("10.77.0.12", 3)).isTrue();
            assertThat(plane.hostVsctl(host1.uuid(), "list-ports", network.getBridge(c)).stdout())
                    .contains("vif" + a.getDomid(c) + ".1").doesNotContain("vif" + cut.getDomid(c) + ".1");

            readdress(guestA, "10.77.0.50/24");
            assertThat(guestA.ping(GATEWAY, 2)).as("a free address of the subnet").isFalse();
            readdress(guestA, "10.77.0.12/24");
            assertThat(guestA.ping(GATEWAY, 2)).as("a peer's address").isFalse();
            readdress(guestA, "10.77.0.11/24");
            assertThat(guestA.ping(GATEWAY, 3)).isTrue();

            guestCmd(guestA, "ip", "link", "set", "dev", "eth1", "address", "fa:16:3e:00:00:99");
            assertThat(guestA.ping(GATEWAY, 2)).as("another MAC").isFalse();
            guestCmd(guestA, "ip", "link", "set", "dev", "eth1", "address", "fa:16:3e:00:00:11");
            assertThat(guestA.ping(GATEWAY, 3)).isTrue();

            VIF vifA = sdk.vif(a);
            vifA.setLockingMode(c, Types.VifLockingMode.DISABLED);
            assertThat(guestA.ping(GATEWAY, 2)).isFalse();
            vifA.setLockingMode(c, Types.VifLockingMode.UNLOCKED);
            readdress(guestA, "10.77.0.50/24");
            assertThat(guestA.ping(GATEWAY, 3)).as("unlocked: any address passes").isTrue();
            vifA.setLockingMode(c, Types.VifLockingMode.LOCKED);
            assertThat(guestA.ping(GATEWAY, 2)).isFalse();
            vifA.addIpv4Allowed(c, "10.77.0.50");
            assertThat(guestA.ping(GATEWAY, 3)).as("an address added while plugged").isTrue();
        }
    }

    private static void readdress(GuestConsole guest, String cidr) {
        guestCmd(guest, "ip", "addr", "flush", "dev", "eth1");
        guestCmd(guest, "ip", "addr", "add", cidr, "dev", "eth1");
    }

    private static void guestCmd(GuestConsole guest, String... argv) {
        Exec.check(Exec.inNamespace(guest.namespace(), List.of(argv)));
    }
}
