package io.xenvlan.netnode.plumbing;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.NodeFinding;
import io.xenvlan.netnode.NodeFinding.Kind;
import io.xenvlan.netnode.OvsDbUrl;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Open vSwitch plumbing: the trunk is an OVS bridge with the userspace datapath ({@code
 * datapath_type=netdev}, which tags VLANs itself, so no 802.1Q support is needed in the kernel)
 * holding the trunk NIC. Each network gets a veth pair: {@code <prefix>p<vlan>} is an access
 * port with the network's VLAN tag, {@code <prefix>g<vlan>} (in the node's namespace, if any)
 * carries the gateway and DHCP server addresses.
 */
public final class OvsVlanPlumbing implements VlanPlumbing {
    private final CommandRunner runner;
    private final Optional<OvsDbUrl> db;
    private final InterfaceName bridge;
    private final Optional<InterfaceName> trunkInterface;
    private final String prefix;
    private final boolean namespaced;
    private final IpCommands ip;

    public OvsVlanPlumbing(CommandRunner runner, Optional<OvsDbUrl> db, InterfaceName bridge,
                           Optional<InterfaceName> trunkInterface, Optional<NamespaceName> netns, String prefix) {
        this.runner = runner;
        this.db = db;
        this.bridge = bridge;
        this.trunkInterface = trunkInterface;
        this.prefix = prefix;
        this.namespaced = netns.isPresent();
        this.ip = new IpCommands(runner, netns);
    }

    @Override
    public void start() {
        CommandResult show = runner.run(Command.change(vsctl("show")));
        if (!show.ok()) {
            throw new BackendFailureException("ovs-vsctl", "UNREACHABLE", List.of(db.map(OvsDbUrl::value).orElse("default"), show.stderr().strip()),
                    "ovs driver: cannot reach Open vSwitch" + db.map(d -> " at " + d).orElse("")
                            + " (is ovsdb-server / ovs-vswitchd running? set --ovs-db): " + show.stderr().strip(), null);
        }
        ip.ensureNamespace();
        vsctlCheck("--may-exist", "add-br", bridge.value(), "--", "set", "bridge", bridge.value(), "datapath_type=netdev");
        trunkInterface.ifPresent(nic -> vsctlCheck("--may-exist", "add-port", bridge.value(), nic.value()));
    }

    @Override
    public InterfaceName ensureLeg(Network network) {
        InterfaceName inner = legName(network);
        InterfaceName outer = portName(network);
        if (!ip.exists(inner)) {
            if (ip.existsInRoot(outer)) {
                runner.check(Command.change("ip", "link", "del", "dev", outer.value()));
            }
            // a port left in the database over a vanished interface is not reopened by --may-exist add-port: drop it first
            vsctlCheck("--if-exists", "del-port", bridge.value(), outer.value());
            runner.check(Command.change("ip", "link", "add", inner.value(), "type", "veth", "peer", "name", outer.value()));
            if (namespaced) {
                runner.check(Command.change("ip", "link", "set", "dev", inner.value(), "netns", ipNamespace()));
            }
        }
        vsctlCheck("--may-exist", "add-port", bridge.value(), outer.value(), "--", "set", "port", outer.value(),
                "tag=" + network.vlan().value());
        runner.check(Command.change("ip", "link", "set", "dev", outer.value(), "mtu", Integer.toString(network.mtu()), "up"));
        ip.txChecksumOff(outer, false);
        ip.txChecksumOff(inner, true);
        ip.configureLeg(inner, network);
        return inner;
    }

    @Override
    public List<NodeFinding> check(Network network) {
        InterfaceName outer = portName(network);
        List<NodeFinding> found = new ArrayList<>();
        boolean onBridge = runner.check(new Command(vsctl("list-ports", bridge.value()), true)).stdout().lines()
                .anyMatch(outer.value()::equals);
        if (!onBridge) {
            found.add(NodeFinding.of(Kind.LEG_MISSING, network, "access port " + outer + " is not on bridge " + bridge));
        } else {
            String tag = runner.check(new Command(vsctl("get", "port", outer.value(), "tag"), true)).stdout().strip();
            if (!tag.equals(Integer.toString(network.vlan().value()))) {
                found.add(NodeFinding.of(Kind.WRONG_TAG, network, "access port " + outer + " has tag " + tag + ", not "
                        + network.vlan().value()));
            }
        }
        Optional<String> link = ip.link(outer, false);
        if (link.isEmpty()) {
            found.add(NodeFinding.of(Kind.LEG_MISSING, network, "interface " + outer + " does not exist"));
        } else if (!IpCommands.up(link.get())) {
            found.add(NodeFinding.of(Kind.LEG_DOWN, network, "interface " + outer + " is down"));
        }
        found.addAll(ip.checkLeg(legName(network), network));
        return found;
    }

    @Override
    public InterfaceName legName(Network network) {
        return new InterfaceName(prefix + "g" + network.vlan().value());
    }

    private InterfaceName portName(Network network) {
        return new InterfaceName(prefix + "p" + network.vlan().value());
    }

    @Override
    public void removeLeg(Network network) {
        vsctlCheck("--if-exists", "del-port", bridge.value(), portName(network).value());
        InterfaceName inner = legName(network);
        if (ip.exists(inner)) {
            ip.run("link", "del", "dev", inner.value());
        }
    }

    private String ipNamespace() {
        return ip.namespace().orElseThrow().value();
    }

    private void vsctlCheck(String... args) {
        runner.check(Command.change(vsctl(args)));
    }

    private List<String> vsctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--timeout=30"));
        db.ifPresent(d -> argv.add("--db=" + d.value()));
        argv.addAll(List.of(args));
        return argv;
    }
}
