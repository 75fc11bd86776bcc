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
                v + "--if-exists del-port xvtrunk xvp100",
                "ip link add xvg100 type veth peer name xvp100",
                "ip link set dev xvg100 netns nn",
                v + "--may-exist add-port xvtrunk xvp100 -- set port xvp100 tag=100",
                "ip link set dev xvp100 mtu 1400 up",
                "ethtool -K xvp100 tx off",
                "ip netns exec nn ethtool -K xvg100 tx off",
                "ip -n nn link set dev xvg100 mtu 1400",
                "ip -n nn addr replace 10.9.0.2/24 dev xvg100",
                "ip -n nn addr replace 10.9.0.1/24 dev xvg100",
                "ip -n nn link set dev xvg100 up");
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
        ScriptedRunner runner = new ScriptedRunner(c -> c.query() ? ScriptedRunner.fail(1, "does not exist") : ScriptedRunner.ok());
        OvsVlanPlumbing ovs = new OvsVlanPlumbing(runner, Optional.empty(), new InterfaceName("xvtrunk"), Optional.empty(), nn, "xv");

        ovs.removeLeg(net);

        assertThat(runner.commands).containsExactly("ovs-vsctl --timeout=30 --if-exists del-port xvtrunk xvp100",
                "ip -n nn -o link show dev xvg100");
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
        assertThat(report.report()).containsExactly(
                "ip link add link eth1 name vlan100 type vlan id 100",
                "ip link set dev vlan100 mtu 1400 up",
                "ip link add br100 type bridge stp_state 0 forward_delay 0",
                "ip link set dev vlan100 master br100",
                "ip link set dev br100 mtu 1400",
                "ip addr replace 10.9.0.2/24 dev br100",
                "ip addr replace 10.9.0.1/24 dev br100",
                "ip link set dev br100 up");
    }

    @Test
    void linuxBridge_check_findsADownVlanDeviceAndAMissingAddress_withQueriesOnly() {
        ScriptedRunner runner = new ScriptedRunner(c -> {
            if (!c.query()) {
                throw new AssertionError("the check changed something: " + c);
            }
            String dev = c.argv().get(c.argv().size() - 1);
            if (c.argv().contains("addr")) {
                return new CommandResult(0, "5: br100    inet 10.9.0.1/24 scope global br100\\       valid_lft forever\n", "");
            }
            return new CommandResult(0, dev.equals("vlan100")
                    ? "4: vlan100@eth1: <BROADCAST,MULTICAST> mtu 1400 qdisc noop master br100 state DOWN mode DEFAULT\n"
                    : "5: br100: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP mode DEFAULT\n", "");
        });
        LinuxBridgeVlanPlumbing lb = new LinuxBridgeVlanPlumbing(runner, new InterfaceName("eth1"), Optional.empty(), "xv");

        assertThat(lb.check(net)).containsExactly(
                NodeFinding.of(NodeFinding.Kind.LEG_DOWN, net, "vlan device vlan100 is down"),
                NodeFinding.of(NodeFinding.Kind.ADDRESS_MISSING, net, "interface br100 lacks 10.9.0.2/24"));
        assertThat(runner.commands).containsExactly("ip -o link show dev vlan100", "ip -o link show dev br100",
                "ip -o -4 addr show dev br100");
    }

    @Test
    void linuxBridge_check_vlanDeviceOutOfItsBridge_isAMissingLeg() {
        ScriptedRunner runner = new ScriptedRunner(c -> c.argv().contains("addr")
                ? new CommandResult(0, "5: br100    inet 10.9.0.1/24 scope global\n5: br100    inet 10.9.0.2/24 scope global\n", "")
                : c.argv().contains("vlan100")
                ? new CommandResult(0, "4: vlan100@eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 state UP\n", "")
                : new CommandResult(0, "5: br100: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 state UP\n", ""));
        LinuxBridgeVlanPlumbing lb = new LinuxBridgeVlanPlumbing(runner, new InterfaceName("eth1"), Optional.empty(), "xv");

        assertThat(lb.check(net)).containsExactly(
                NodeFinding.of(NodeFinding.Kind.LEG_MISSING, net, "vlan device vlan100 is not in bridge br100"));
    }
}
