package io.xenvlan.netnode.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.TestNetworks;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.ProcessCommandRunner;
import io.xenvlan.netnode.firewall.GatewayRules;
import io.xenvlan.netnode.firewall.NodeFirewall;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The Linux bridge driver's kernel check and the gateway's nftables rules on this machine's real kernel, in a namespace. */
@Tag("dataplane")
class PlumbingDataplaneTest {
    private static DataPlane plane;
    private final CommandRunner runner = new ProcessCommandRunner();

    @BeforeAll
    static void start() {
        plane = DataPlane.start();
    }

    @AfterAll
    static void stop() {
        plane.close();
    }

    @Test
    void linuxBridge_checksTheKernelFor8021q() {
        String ns = plane.namespace("lb");
        String trunk = plane.name("lt0");
        plane.run("ip", "-n", ns, "link", "add", trunk, "type", "veth", "peer", "name", plane.name("lt1"));
        boolean kernelHasVlans = runner.run(Command.change("ip", "-n", ns, "link", "add", "link", trunk, "name", trunk + ".9",
                "type", "vlan", "id", "9")).ok();
        LinuxBridgeVlanPlumbing lb = new LinuxBridgeVlanPlumbing(runner, new InterfaceName(trunk),
                Optional.of(new NamespaceName(ns)), plane.tag());

        if (kernelHasVlans) {
            lb.start();
            Network net = TestNetworks.network(9, 109, "10.79.0.0/24");
            assertThat(lb.ensureLeg(net).value()).isEqualTo("br109");
            assertThat(runner.run(Command.change("ip", "-n", ns, "-d", "link", "show", "vlan109")).stdout()).contains("vlan protocol 802.1Q id 109");
        } else {
            assertThatThrownBy(lb::start).isInstanceOfSatisfying(BackendFailureException.class, e -> {
                assertThat(e.errorCode()).isEqualTo("NO_8021Q");
                assertThat(e).hasMessageStartingWith("linuxbridge driver: this kernel cannot create 802.1Q VLAN devices")
                        .hasMessageEndingWith("Load the 8021q module, or use --netnode-driver ovs.");
            });
            assertThat(runner.run(Command.change("ip", "-n", ns, "link", "show", plane.tag() + "vq0")).ok()).isFalse();
        }
    }

    @Test
    void gateway_snatIsIdempotentAndRemoved() {
        String ns = plane.namespace("gw");
        String pub = plane.name("pub");
        plane.run("ip", "-n", ns, "link", "add", pub, "type", "veth", "peer", "name", plane.name("pubp"));
        Optional<NamespaceName> netns = Optional.of(new NamespaceName(ns));
        NodeFirewall firewall = new NodeFirewall(runner, netns);
        GatewayRules gw = new GatewayRules(Optional.of(new InterfaceName(pub)));
        firewall.register(gw);
        Network net = TestNetworks.network(8, 108, "10.79.8.0/24");
        InterfaceName leg = new InterfaceName(plane.name("g108"));

        firewall.start();
        gw.add(net, leg);
        firewall.apply();
        firewall.apply();

        assertThat(runner.run(Command.change("cat", "/proc/sys/net/ipv4/ip_forward").in(netns)).stdout().strip()).isEqualTo("1");
        String table = runner.check(Command.change("nft", "list", "table", "ip", NodeFirewall.TABLE).in(netns)).stdout();
        assertThat(table.lines().filter(l -> l.contains("oifname \"" + pub + "\" ip saddr @networks masquerade"))).hasSize(1);
        assertThat(table.lines().filter(l -> l.contains("iifname @legs oifname @legs drop"))).hasSize(1);
        assertThat(table).contains("10.79.8.0/24", "\"" + leg.value() + "\"");
        assertThat(firewall.read().elements(GatewayRules.NETWORKS)).contains(java.util.Set.of("10.79.8.0/24"));

        gw.remove(net.id());
        firewall.apply();

        String after = runner.check(Command.change("nft", "list", "table", "ip", NodeFirewall.TABLE).in(netns)).stdout();
        assertThat(after).doesNotContain("10.79.8.0/24").doesNotContain(leg.value());
        assertThat(firewall.read().elements(GatewayRules.LEGS)).contains(java.util.Set.of());
    }
}
