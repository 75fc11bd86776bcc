package io.xenvlan.netnode.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.NodeFinding;
import io.xenvlan.netnode.OvsDbUrl;
import io.xenvlan.netnode.TestNetworks;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VlanPlumbingTest {
    private final Network net = TestNetworks.network(1, 100, "10.9.0.0/24");
    private final Optional<NamespaceName> nn = Optional.of(new NamespaceName("nn"));

    @Test
    void ovs_accessPortWithTheVlanTagAndAddressesInTheNamespace() {
        ReportingCommandRunner report = new ReportingCommandRunner();
        OvsVlanPlumbing ovs = new OvsVlanPlumbing(report, Optional.of(new OvsDbUrl("unix:/run/ovs/db.sock")),
                new InterfaceName("xvtrunk"), Optional.of(new InterfaceName("eth1")), nn, "xv");

        ovs.start();
        InterfaceName leg = ovs.ensureLeg(net);

        assertThat(leg.value()).isEqualTo("xvg100");
        String v = "ovs-vsctl --timeout=30 --db=unix:/run/ovs/db.sock ";
        assertThat(report.report()).containsExactly(
                v + "show",
                "ip netns add nn",
                "ip -n nn link set lo up",
                v + "--may-exist add-br xvtrunk -- set bridge xvtrunk datapath_type=netdev",
                v + "--may-exist add-port xvtrunk eth1",
                "ip netns exec nn iptables -w 10 -t mangle -A POSTROUTING -o xvg+ -j CHECKSUM --checksum-fill",
                "ip -force -batch - <<EOF\nlink add xvp100 type veth peer name xvg100 netns nn\nEOF",
                v + "--may-exist add-port xvtrunk xvp100 -- set port xvp100 tag=100",
                "ip -force -batch - <<EOF\nlink set dev xvp100 mtu 1400 up\nEOF",
                "ip -n nn -force -batch - <<EOF\nlink set dev xvg100 mtu 1400\naddr replace 10.9.0.2/24 dev xvg100\n"
                        + "addr replace 10.9.0.1/24 dev xvg100\nlink set dev xvg100 up\nEOF");
    }

    @Test
    void ovs_manyLegs_costTheSameFewCommandsAsOne() {
        ReportingCommandRunner one = new ReportingCommandRunner();
        ReportingCommandRunner many = new ReportingCommandRunner();
        List<Network> nets = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> TestNetworks.network(i + 1, 100 + i, "10.9." + i + ".0/24")).toList();

        new OvsVlanPlumbing(one, Optional.empty(), new InterfaceName("xvtrunk"), Optional.empty(), nn, "xv").ensureLegs(nets.subList(0, 1));
        new OvsVlanPlumbing(many, Optional.empty(), new InterfaceName("xvtrunk"), Optional.empty(), nn, "xv").ensureLegs(nets);

        assertThat(many.commands()).hasSameSizeAs(one.commands());
        assertThat(many.report()).anySatisfy(c -> assertThat(c).contains("--may-exist add-port xvtrunk xvp149 -- set port xvp149 tag=149"));
    }

    @Test
    void ovs_failedBatchLine_failsOnlyItsNetwork() {
        List<Network> nets = List.of(TestNetworks.network(1, 100, "10.9.0.0/24"), TestNetworks.network(2, 101, "10.9.1.0/24"));
        ScriptedRunner runner = new ScriptedRunner(c -> {
            if (c.argv().contains("-batch") && c.input().contains("link add xvp101")) {
                return new CommandResult(1, "", "RTNETLINK answers: File exists\nCommand failed -:1\n");
            }
            if (c.argv().get(0).equals("ovsdb-client")) {
                return new CommandResult(0, OvsdbAnswer.ports(Map.of("xvp100", "100", "xvp101", "101")), "");
            }
            if (c.query() && c.argv().contains("-batch")) { // the namespace's links and addresses
                return new CommandResult(0, "6: xvg100@if5: <UP> mtu 1400 state UP\n"
                        + "6: xvg100    inet 10.9.0.2/24 scope global\n6: xvg100    inet 10.9.0.1/24 scope global\n", "");
            }
            if (c.argv().contains("link") && c.argv().contains("-o") && c.query()) {
                return new CommandResult(0, "5: xvp100@if6: <UP> mtu 1400 state UP\n", "");
            }
            return ScriptedRunner.ok();
        });
        OvsVlanPlumbing ovs = new OvsVlanPlumbing(runner, Optional.empty(), new InterfaceName("xvtrunk"), Optional.empty(), nn, "xv");

        Map<Long, String> wrong = ovs.ensureLegs(nets);

        assertThat(wrong).containsOnlyKeys(2L);
        assertThat(wrong.get(2L)).contains("interface xvg101 does not exist", "'ip link add xvp101 type veth peer name xvg101 netns nn':"
                + " RTNETLINK answers: File exists");
    }

    @Test
    void ovs_unreachable_saysSo() {
        ScriptedRunner runner = new ScriptedRunner(c -> ScriptedRunner.fail(1, "database connection failed (No such file)"));
        OvsVlanPlumbing ovs = new OvsVlanPlumbing(runner, Optional.empty(), new InterfaceName("xvtrunk"), Optional.empty(),
                Optional.empty(), "xv");

        assertThatThrownBy(ovs::start).isInstanceOfSatisfying(BackendFailureException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("UNREACHABLE");
            assertThat(e).hasMessageContaining("cannot reach Open vSwitch").hasMessageContaining("--ovs-db");
        });
    }

    @Test
    void ovs_removeLeg_isIdempotent() {
        ScriptedRunner runner = new ScriptedRunner(c -> ScriptedRunner.ok());
        OvsVlanPlumbing ovs = new OvsVlanPlumbing(runner, Optional.empty(), new InterfaceName("xvtrunk"), Optional.empty(), nn, "xv");

        ovs.removeLeg(net);

        assertThat(runner.commands).containsExactly("ovs-vsctl --timeout=30 --if-exists del-port xvtrunk xvp100",
                "ip -o -4 -n nn -batch - <<EOF\nlink show\naddr show\nEOF", "ip -o link show");
    }

    @Test
    void linuxBridge_without8021q_saysPlainlyAndCleansUp() {
        ScriptedRunner runner = new ScriptedRunner(c -> c.argv().contains("vlan") && c.argv().contains("add")
                ? ScriptedRunner.fail(2, "Error: Unknown device type.")
                : c.query() ? ScriptedRunner.fail(1, "") : ScriptedRunner.ok());
        LinuxBridgeVlanPlumbing lb = new LinuxBridgeVlanPlumbing(runner, new InterfaceName("eth1"), Optional.empty(), "xv");

        assertThatThrownBy(lb::start).isInstanceOfSatisfying(BackendFailureException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("NO_8021Q");
            assertThat(e).hasMessage("linuxbridge driver: this kernel cannot create 802.1Q VLAN devices ('ip link add ... type vlan'"
                    + " said: Error: Unknown device type.). Load the 8021q module, or use --netnode-driver ovs.");
        });
        assertThat(runner.commands).last().isEqualTo("ip link del dev xvvq0");
    }

    @Test
    void linuxBridge_vlanDeviceOnTrunkEnslavedToBridge() {
        ReportingCommandRunner report = new ReportingCommandRunner();
        LinuxBridgeVlanPlumbing lb = new LinuxBridgeVlanPlumbing(report, new InterfaceName("eth1"), Optional.empty(), "xv");

        assertThat(lb.ensureLeg(net).value()).isEqualTo("br100");
        assertThat(report.report()).containsExactly("ip -force -batch - <<EOF\n"
                + "link add link eth1 name vlan100 type vlan id 100\n"
                + "link set dev vlan100 mtu 1400 up\n"
                + "link add br100 type bridge stp_state 0 forward_delay 0\n"
                + "link set dev vlan100 master br100\n"
                + "link set dev br100 mtu 1400\n"
                + "addr replace 10.9.0.2/24 dev br100\n"
                + "addr replace 10.9.0.1/24 dev br100\n"
                + "link set dev br100 up\n"
                + "EOF");
    }

    @Test
    void linuxBridge_check_findsADownVlanDeviceAndAMissingAddress_withQueriesOnly() {
        ScriptedRunner runner = new ScriptedRunner(c -> {
            if (!c.query()) {
                throw new AssertionError("the check changed something: " + c);
            }
            return new CommandResult(0, "4: vlan100@eth1: <BROADCAST,MULTICAST> mtu 1400 qdisc noop master br100 state DOWN mode DEFAULT\n"
                    + "5: br100: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP mode DEFAULT\n"
                    + "5: br100    inet 10.9.0.1/24 scope global br100\\       valid_lft forever\n", "");
        });
        LinuxBridgeVlanPlumbing lb = new LinuxBridgeVlanPlumbing(runner, new InterfaceName("eth1"), Optional.empty(), "xv");

        assertThat(lb.check(net)).containsExactly(
                NodeFinding.of(NodeFinding.Kind.LEG_DOWN, net, "vlan device vlan100 is down"),
                NodeFinding.of(NodeFinding.Kind.ADDRESS_MISSING, net, "interface br100 lacks 10.9.0.2/24"));
        assertThat(runner.commands).containsExactly("ip -o -4 -batch - <<EOF\nlink show\naddr show\nEOF");
    }

    @Test
    void linuxBridge_check_vlanDeviceOutOfItsBridge_isAMissingLeg() {
        ScriptedRunner runner = new ScriptedRunner(c -> new CommandResult(0, "4: vlan100@eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 state UP\n"
                + "5: br100: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 state UP\n"
                + "5: br100    inet 10.9.0.1/24 scope global\n5: br100    inet 10.9.0.2/24 scope global\n", ""));
        LinuxBridgeVlanPlumbing lb = new LinuxBridgeVlanPlumbing(runner, new InterfaceName("eth1"), Optional.empty(), "xv");

        assertThat(lb.check(net)).containsExactly(
                NodeFinding.of(NodeFinding.Kind.LEG_MISSING, net, "vlan device vlan100 is not in bridge br100"));
    }
}
