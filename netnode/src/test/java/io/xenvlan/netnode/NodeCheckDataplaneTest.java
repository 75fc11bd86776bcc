package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.NodeFinding.Kind;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.store.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node's self-check against the real thing: a node serving a network on a private Open
 * vSwitch (userspace datapath) in namespaces, broken by hand as an operator or a crash would
 * break it; the check finds each fault, repairs it, and a VM's DHCP client gets its address again.
 */
@Tag("dataplane")
class NodeCheckDataplaneTest {
    @RegisterExtension
    static final NodeBenchExtension BENCH = new NodeBenchExtension();
    private final DataPlane plane = BENCH.plane();
    private final String hostBridge = BENCH.bench().hostBridge;
    private final String trunkBridge = BENCH.bench().trunkBridge;
    private final String nodeNs = BENCH.bench().nodeNs;

    private final NodeBench.Run run = BENCH.run();
    private final JdbcStore store = run.store;

    /** A node whose dnsmasq supervisor waits a minute before a restart, so only the check restarts it here. */
    private NetworkNodeRole startNode(Duration checkInterval) {
        return run.startNode(run.nodeConfig().restartBackoff(Duration.ofSeconds(60), Duration.ofSeconds(120))
                .checkInterval(checkInterval));
    }

    /** A network with one VM, served by a node (no scheduled check), the VM's lease proven once. */
    private record Served(NetworkNodeRole node, Network net, Allocation vm, String vmSuffix) {}

    private Served serve(int vlan, String vmSuffix) {
        Network net = run.network(vlan, "10.79." + (vlan - 200) + ".0/24", 256);
        Allocation vm = run.manager.allocate(ProjectId.of("project-" + vlan), InstanceId.of("vm-" + vlan), Optional.empty());
        NetworkNodeRole node = startNode(Duration.ZERO);
        PublicationWait.polling(store).await(net.id(), store.changeSequence(), Duration.ofSeconds(20));
        plane.vm(vmSuffix, hostBridge, vlan, vm.mac());
        assertThat(plane.dhcp(vmSuffix).ip()).isEqualTo(vm.address());
        assertThat(node.checkNow()).isEqualTo(new NodeCheck.Run(List.of(), List.of(), NodeCheck.Outcome.CLEAN));
        return new Served(node, net, vm, vmSuffix);
    }

    /** Asserts the run found exactly {@code kinds}, put everything right, and the VM gets its address again. */
    private void assertRepaired(Served s, NodeCheck.Run run, Kind... kinds) {
        assertThat(run.found()).extracting(NodeFinding::kind).containsExactlyInAnyOrder(kinds);
        assertThat(run.found()).allSatisfy(f -> {
            assertThat(f.network()).isEqualTo(s.net().id());
            assertThat(f.vlan()).isEqualTo(s.net().vlan().value());
        });
        assertThat(run.left()).isEmpty();
        assertThat(run.outcome()).isEqualTo(NodeCheck.Outcome.REPAIRED);
        assertThat(s.node().checkNow().outcome()).isEqualTo(NodeCheck.Outcome.CLEAN);
        assertThat(plane.dhcp(s.vmSuffix()).ip()).isEqualTo(s.vm().address());
        for (Kind k : kinds) {
            assertThat(s.node().checkStats().repairs(k)).isPositive();
        }
        assertThat(s.node().checkStats().checks(NodeCheck.Outcome.REPAIRED)).isEqualTo(1);
    }

    private String leg(Served s) {
        return plane.tag() + "g" + s.net().vlan().value();
    }

    private String port(Served s) {
        return plane.tag() + "p" + s.net().vlan().value();
    }

    @Test
    void deletedAccessPort_isFoundAndPutBack() {
        Served s = serve(201, "c1");
        plane.vsctl("del-port", trunkBridge, port(s));

        NodeCheck.Run run = s.node().checkNow();

        assertRepaired(s, run, Kind.LEG_MISSING);
        assertThat(run.found().get(0).detail()).isEqualTo("access port " + port(s) + " is not on bridge " + trunkBridge);
        assertThat(plane.vsctl("get", "port", port(s), "tag").stdout().strip()).isEqualTo("201");
    }

    @Test
    void deletedLeg_isMadeAgain_withDnsmasqStartedOnIt() {
        Served s = serve(208, "c8");
        long pid = s.node().node().fleet().pid(s.net().id());
        plane.run("ip", "-n", nodeNs, "link", "del", "dev", leg(s)); // takes its veth peer, the access port's interface, along

        NodeCheck.Run run = s.node().checkNow();

        assertRepaired(s, run, Kind.LEG_MISSING, Kind.LEG_MISSING);
        assertThat(run.found()).extracting(NodeFinding::detail).containsExactlyInAnyOrder(
                "interface " + port(s) + " does not exist", "interface " + leg(s) + " does not exist");
        assertThat(s.node().node().fleet().pid(s.net().id())).isNotEqualTo(pid);
    }

    @Test
    void wrongTagAndDownLeg_areFoundAndPutRight() {
        Served s = serve(202, "c2");
        plane.vsctl("set", "port", port(s), "tag=999");
        plane.run("ip", "-n", nodeNs, "link", "set", "dev", leg(s), "down");

        assertRepaired(s, s.node().checkNow(), Kind.WRONG_TAG, Kind.LEG_DOWN);
    }

    @Test
    void flushedAddresses_areFoundAndPutBack() {
        Served s = serve(203, "c3");
        plane.run("ip", "-n", nodeNs, "addr", "flush", "dev", leg(s));

        NodeCheck.Run run = s.node().checkNow();

        assertRepaired(s, run, Kind.ADDRESS_MISSING, Kind.ADDRESS_MISSING);
        assertThat(run.found()).extracting(NodeFinding::detail).containsExactlyInAnyOrder(
                "interface " + leg(s) + " lacks " + s.net().gateway() + "/24",
                "interface " + leg(s) + " lacks " + s.net().dhcpServer() + "/24");
    }

    @Test
    void deletedGatewayRule_isFoundAndPutBack() {
        Served s = serve(204, "c4");
        plane.runner().check(Command.change("ip", "netns", "exec", nodeNs, "nft", "delete", "element", "ip", "xenvlan", "legs",
                "{ \"" + leg(s) + "\" }"));

        NodeCheck.Run run = s.node().checkNow();

        assertRepaired(s, run, Kind.GATEWAY_RULE_MISSING);
        assertThat(run.found().get(0).detail()).isEqualTo("set legs lacks " + leg(s));
        assertThat(nftTable()).contains("\"" + leg(s) + "\"");
    }

    @Test
    void deletedRulesTable_isFoundAndPutBack() {
        Served s = serve(209, "c9");
        plane.runner().check(Command.change("ip", "netns", "exec", nodeNs, "nft", "delete", "table", "ip", "xenvlan"));

        NodeCheck.Run run = s.node().checkNow();

        assertThat(run.found()).containsExactly(NodeFinding.ofNode(Kind.GATEWAY_RULE_MISSING, "table ip xenvlan is missing"));
        assertThat(run.outcome()).isEqualTo(NodeCheck.Outcome.REPAIRED);
        assertThat(s.node().checkNow().outcome()).isEqualTo(NodeCheck.Outcome.CLEAN);
        assertThat(nftTable()).contains("\"" + leg(s) + "\"", "iifname @legs oifname @legs drop");
    }

    @Test
    void deletedChecksumRule_isFoundAndPutBack() {
        Served s = serve(210, "c10");
        List<String> rule = List.of("POSTROUTING", "-o", plane.tag() + "g+", "-j", "CHECKSUM", "--checksum-fill");
        List<String> delete = new ArrayList<>(List.of("ip", "netns", "exec", nodeNs, "iptables", "-w", "10", "-t", "mangle", "-D"));
        delete.addAll(rule);
        plane.runner().check(Command.change(delete));
        // without it the userspace datapath forwards dnsmasq's offers with partial checksums, which the client drops
        // (serve proved the lease a moment ago, and dnsmasq answers within milliseconds: two discovers are ample to see none arrive)
        assertThat(plane.dhcpAgain(s.vmSuffix(), s.vm().address())).isEmpty();

        NodeCheck.Run run = s.node().checkNow();

        assertThat(run.found()).containsExactly(NodeFinding.ofNode(Kind.GATEWAY_RULE_MISSING,
                "rule missing: iptables -t mangle -A POSTROUTING -o " + plane.tag() + "g+ -j CHECKSUM --checksum-fill"));
        assertThat(run.outcome()).isEqualTo(NodeCheck.Outcome.REPAIRED);
        assertThat(plane.dhcp(s.vmSuffix()).ip()).isEqualTo(s.vm().address());
    }

    private String nftTable() {
        return plane.runner().check(Command.change("ip", "netns", "exec", nodeNs, "nft", "list", "table", "ip", "xenvlan")).stdout();
    }

    @Test
    void killedDnsmasq_isStartedAgainAtOnce() {
        Served s = serve(205, "c5");
        long pid = s.node().node().fleet().pid(s.net().id());
        plane.run("kill", "-9", Long.toString(pid));
        Eventually.await("the node sees its dnsmasq gone", Duration.ofSeconds(10),
                () -> !s.node().node().fleet().check(s.net().id()).isEmpty());

        NodeCheck.Run run = s.node().checkNow();

        assertRepaired(s, run, Kind.DNSMASQ_DOWN);
        long now = s.node().node().fleet().pid(s.net().id());
        assertThat(now).isNotEqualTo(pid);
        assertThat(ProcessHandle.of(now).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    void deletedHostsFile_isWrittenAgain() throws IOException {
        Served s = serve(206, "c6");
        Path hosts = s.node().node().fleet().directory(s.net().id()).resolve("hosts");
        String before = Files.readString(hosts);
        Files.delete(hosts);

        assertRepaired(s, s.node().checkNow(), Kind.DNSMASQ_FILES_MISSING);
        assertThat(Files.readString(hosts)).isEqualTo(before);
    }

    @Test
    void scheduledCheck_repairsWithoutBeingCalled() {
        Network net = run.manager.createNetworks(new NetworkRequest("net-207", "10.79.7.0/24", 1, 256, 207, Optional.of(207),
                Optional.empty(), "eth1", Optional.empty(), Optional.empty(), Optional.empty(), 1400,
                Optional.of("project-207"))).get(0);
        NetworkNodeRole node = startNode(Duration.ofMillis(300));
        PublicationWait.polling(store).await(net.id(), store.changeSequence(), Duration.ofSeconds(20));

        plane.run("ip", "-n", nodeNs, "addr", "flush", "dev", plane.tag() + "g207");

        Eventually.await("the scheduled check put the addresses back", Duration.ofSeconds(20),
                () -> node.checkStats().repairs(Kind.ADDRESS_MISSING) == 2);
        assertThat(plane.run("ip", "-n", nodeNs, "-o", "-4", "addr", "show", "dev", plane.tag() + "g207").stdout())
                .contains(net.gateway() + "/24", net.dhcpServer() + "/24");
    }
}
