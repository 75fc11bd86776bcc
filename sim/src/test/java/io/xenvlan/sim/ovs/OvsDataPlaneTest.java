package io.xenvlan.sim.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Network;
import com.xensource.xenapi.PIF;
import com.xensource.xenapi.Session;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The simulator backed by real Open vSwitch switches and namespaces, driven over XML-RPC by the
 * published XenServer SDK: the bridges, fake bridges and VIF ports xapi would make, tagged
 * frames on the trunk, DHCP and pings between VMs on different hosts, and a clean slate after.
 */
@Tag("dataplane")
class OvsDataPlaneTest {
    private static final int VLAN_TAG = 100;
    private Path dir;
    private OvsDataPlane plane;
    private PoolSimulator sim;
    private Connection c;
    private SdkCalls sdk;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("xenvlan-ovs-test-");
        RunTag tag = RunTag.random(new SecureRandom());
        plane = OvsDataPlane.start(OvsDataPlaneConfig.of(tag, dir.resolve("plane")));
        sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(2).vms(0).dataPlane(plane).build());
        c = new Connection(new URL(sim.url().toString()));
        Session.loginWithPassword(c, "root", SimulatorConfig.DEFAULT_PASSWORD, "1.3");
        sdk = new SdkCalls(sim, c);
    }

    @AfterEach
    void stop() throws Exception {
        if (sim != null) {
            sim.stop();
        }
        if (plane != null) {
            plane.close();
        }
        Exec.run(List.of("rm", "-rf", dir.toString()));
    }

    @Test
    void hosts_haveTheirBridgesAndTheTrunkNicCabledToTheSwitch() {
        for (SimHost host : sim.hosts()) {
            assertThat(plane.hostNamespace(host.uuid())).hasValue(plane.tag().namespace(host.name()));
            assertThat(plane.hostVsctl(host.uuid(), "list-br").stdout().lines()).containsExactly("xenbr0", "xenbr1");
            assertThat(plane.hostVsctl(host.uuid(), "port-to-br", "eth1").stdout().strip()).isEqualTo("xenbr1");
            String port = plane.trunkPort(host.uuid()).orElseThrow();
            assertThat(port).startsWith(plane.tag().value());
            assertThat(Exec.check(List.of("ovs-vsctl", "--db=" + plane.trunk().ovsDb(), "port-to-br", port)).stdout().strip())
                    .isEqualTo(plane.trunk().bridge());
        }
        assertThat(Exec.check(List.of("ip", "-o", "link")).stdout()).doesNotContain(plane.tag().value());
    }

    @Test
    void hostJoiningLater_comesUpWithItsBridgesAndItsCable() throws Exception {
        SimHost late = sim.addHost("host9");

        assertThat(plane.hostNamespace(late.uuid())).hasValue(plane.tag().namespace("host9"));
        assertThat(plane.hostVsctl(late.uuid(), "list-br").stdout().lines()).containsExactly("xenbr0", "xenbr1");
        assertThat(plane.trunkPort(late.uuid())).hasValue(plane.tag().interfaceName("t3"));
    }

    @Test
    void vlanNetwork_vmsOnTwoHostsGetTheirAddressesOverTheTaggedTrunkAndReachEachOther() throws Exception {
        Network network = sdk.createNetwork("br100");
        for (PIF pif : sdk.trunkPifs()) {
            VLAN.create(c, pif, (long) VLAN_TAG, network);
        }
        String bridge = network.getBridge(c);
        SimHost host1 = sim.hosts().get(0);
        assertThat(plane.hostVsctl(host1.uuid(), "br-to-vlan", bridge).stdout().strip()).isEqualTo("100");
        assertThat(plane.hostVsctl(host1.uuid(), "br-to-parent", bridge).stdout().strip()).isEqualTo("xenbr1");

        try (TestNode node = new TestNode(plane, VLAN_TAG, "10.77.0.1/24")) {
            node.dnsmasq(dir, "10.77.0.1", "255.255.255.0",
                    List.of("fa:16:3e:00:00:01,vm-a,10.77.0.11", "fa:16:3e:00:00:02,vm-b,10.77.0.12"));
            VM a = sdk.vmWithVif("vm-a", network, "fa:16:3e:00:00:01", sim.hosts().get(0));
            VM b = sdk.vmWithVif("vm-b", network, "fa:16:3e:00:00:02", sim.hosts().get(1));
            String backendA = "vif" + a.getDomid(c) + ".1";
            assertThat(plane.hostVsctl(host1.uuid(), "port-to-br", backendA).stdout().strip()).isEqualTo(bridge);
            assertThat(plane.hostVsctl(host1.uuid(), "get", "port", backendA, "tag").stdout().strip()).isEqualTo("100");

            PacketCapture trunk = PacketCapture.start(plane.trunk().namespace(), plane.trunkPort(host1.uuid()).orElseThrow(), 8);
            GuestConsole guestA = plane.guest(a.getUuid(c));
            GuestConsole guestB = plane.guest(b.getUuid(c));
            Optional<DhcpLease> leaseA = guestA.dhcp(1, 5);
            Optional<DhcpLease> leaseB = guestB.dhcp(1, 5);
            assertThat(leaseA).get().satisfies(l -> {
                assertThat(l.address()).isEqualTo("10.77.0.11");
                assertThat(l.prefix()).isEqualTo(24);
                assertThat(l.serverId()).isEqualTo("10.77.0.1");
            });
            assertThat(leaseB).get().extracting(DhcpLease::address).isEqualTo("10.77.0.12");
            assertThat(guestA.addresses(1)).containsExactly("10.77.0.11/24");
            assertThat(guestA.ping("10.77.0.1", 3)).isTrue();
            assertThat(guestA.ping("10.77.0.12", 3)).isTrue();
            assertThat(guestB.ping("10.77.0.11", 3)).isTrue();
            assertThat(guestA.ping("10.77.0.99", 1)).isFalse();
            assertThat(trunk.stop()).anySatisfy(l -> assertThat(l).contains("vlan 100").contains("fa:16:3e:00:00:01"));

            sdk.vif(a).unplug(c);
            assertThat(plane.hostVsctl(host1.uuid(), "list-ports", bridge).stdout()).doesNotContain(backendA);
            assertThat(guestB.ping("10.77.0.11", 1)).isFalse();
            String nsA = guestA.namespace();
            a.hardShutdown(c);
            assertThat(plane.vmNamespace(a.getUuid(c))).isEmpty();
            assertThat(Exec.check(List.of("ip", "netns", "list")).stdout()).doesNotContain(nsA + " ");
        }
    }

    @Test
    void poolStop_removesNamespacesSwitchesAndFiles() throws Exception {
        Network network = sdk.createNetwork("br101");
        VLAN.create(c, sdk.trunkPifs().get(0), 101L, network);
        sdk.vmWithVif("vm-c", network, "fa:16:3e:00:00:03", sim.hosts().get(0));
        String tag = plane.tag().value();
        assertThat(Exec.check(List.of("ip", "netns", "list")).stdout()).contains(tag + "-vm-c");

        sim.stop();

        assertThat(Exec.check(List.of("ip", "netns", "list")).stdout()).doesNotContain(tag);
        assertThat(Exec.check(List.of("ps", "-eo", "args")).stdout()).doesNotContain(dir.toString());
        assertThat(dir.resolve("plane")).doesNotExist();
    }
}
