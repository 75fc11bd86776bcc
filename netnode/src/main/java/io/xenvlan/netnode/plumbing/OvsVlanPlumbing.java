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
import io.xenvlan.netnode.exec.Concurrently;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Open vSwitch plumbing: the trunk is an OVS bridge with the userspace datapath ({@code
 * datapath_type=netdev}, which tags VLANs itself, so no 802.1Q support is needed in the kernel)
 * holding the trunk NIC. Each network gets a veth pair, made with its inner end already in the
 * node's namespace (moving an interface between namespaces costs the kernel a grace period each):
 * {@code <prefix>p<vlan>} is an access port with the network's VLAN tag, {@code <prefix>g<vlan>}
 * carries the gateway and DHCP server addresses. Any number of legs costs one {@code ip} batch per
 * namespace and one OVS transaction; one rule for all legs fills in the checksums the node's own
 * packets leave partial ({@link ChecksumFill}).
 */
public final class OvsVlanPlumbing implements VlanPlumbing {
    private final CommandRunner runner;
    private final Optional<OvsDbUrl> db;
    private final InterfaceName bridge;
    private final Optional<InterfaceName> trunkInterface;
    private final String prefix;
    private final Optional<NamespaceName> netns;
    private final IpCommands ip;
    private final ChecksumFill checksums;
    private final BridgePorts bridgePorts;

    public OvsVlanPlumbing(CommandRunner runner, Optional<OvsDbUrl> db, InterfaceName bridge,
                           Optional<InterfaceName> trunkInterface, Optional<NamespaceName> netns, String prefix) {
        this.runner = runner;
        this.db = db;
        this.bridge = bridge;
        this.trunkInterface = trunkInterface;
        this.prefix = prefix;
        this.netns = netns;
        this.ip = new IpCommands(runner, netns);
        this.checksums = new ChecksumFill(runner, netns, prefix + "g");
        this.bridgePorts = new BridgePorts(runner, db, bridge);
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
        checksums.ensure();
    }

    @Override
    public List<NodeFinding> checkNode(PlumbingState state) {
        return state.checksumsFilled() ? List.of()
                : List.of(NodeFinding.ofNode(Kind.GATEWAY_RULE_MISSING, "rule missing: " + checksums.describe()));
    }

    @Override
    public void ensureNode() {
        checksums.ensure();
    }

    @Override
    public void close() {
        checksums.close();
    }

    @Override
    public Map<Long, String> ensureLegs(List<Network> networks) {
        PlumbingState state = read();
        IpBatch make = new IpBatch();
        IpBatch outers = new IpBatch();
        IpBatch inners = new IpBatch();
        Map<Long, List<String>> ports = new HashMap<>();
        List<String> stale = new ArrayList<>();
        for (Network n : networks) {
            String inner = legName(n).value();
            String outer = portName(n).value();
            boolean create = state.link(inner).isEmpty();
            List<String> port = new ArrayList<>();
            if (create) {
                if (state.rootLink(outer).isPresent()) {
                    make.add(n.id(), "link", "del", "dev", outer);
                }
                if (netns.isPresent()) {
                    make.add(n.id(), "link", "add", outer, "type", "veth", "peer", "name", inner, "netns", netns.get().value());
                } else {
                    make.add(n.id(), "link", "add", inner, "type", "veth", "peer", "name", outer);
                }
                if (state.portTags().containsKey(outer)) {
                    // a port left over a vanished interface is not reopened by --may-exist add-port, nor by a delete and
                    // an add of the same name in one transaction: it goes in a transaction of its own first
                    stale.addAll(List.of("--", "--if-exists", "del-port", bridge.value(), outer));
                }
            }
            String tag = Integer.toString(n.vlan().value());
            if (create || !tag.equals(state.portTags().get(outer))) {
                port.addAll(List.of("--", "--may-exist", "add-port", bridge.value(), outer, "--", "set", "port", outer, "tag=" + tag));
                ports.put(n.id(), port);
            }
            if (create || !fits(state.rootLink(outer), n.mtu())) {
                outers.add(n.id(), "link", "set", "dev", outer, "mtu", Integer.toString(n.mtu()), "up");
            }
            if (create || !fits(state.link(inner), n.mtu()) || !state.addresses(inner).containsAll(IpCommands.legAddresses(n))) {
                IpCommands.configureLeg(inners, legName(n), n);
            }
        }
        if (!stale.isEmpty()) {
            vsctlCheck(stale.subList(1, stale.size()).toArray(String[]::new));
        }
        Map<Long, String> failed = new HashMap<>(make.run(runner, ip.ipArgv(false)));
        failed.putAll(addPorts(ports));
        outers.run(runner, ip.ipArgv(false)).forEach((id, why) -> failed.merge(id, why, (a, b) -> a + "; " + b));
        inners.run(runner, ip.ipArgv(true)).forEach((id, why) -> failed.merge(id, why, (a, b) -> a + "; " + b));
        if (!runner.executes()) {
            return Map.of(); // nothing was really done, so there is nothing to read back
        }
        Map<Long, String> wrong = new HashMap<>(wrong(networks, read()));
        for (Network n : networks) {
            if (wrong.containsKey(n.id()) && failed.containsKey(n.id())) {
                wrong.put(n.id(), wrong.get(n.id()) + " (" + failed.get(n.id()) + ")");
            }
        }
        return wrong;
    }

    /** Every port change in one OVS transaction; when it fails, each network's alone, to find whose it was. */
    private Map<Long, String> addPorts(Map<Long, List<String>> ports) {
        if (ports.isEmpty()) {
            return Map.of();
        }
        List<String> all = new ArrayList<>();
        ports.values().forEach(all::addAll);
        if (runner.run(Command.change(vsctl(all.subList(1, all.size()).toArray(String[]::new)))).ok()) {
            return Map.of();
        }
        Map<Long, String> failed = new HashMap<>();
        ports.forEach((id, port) -> {
            CommandResult r = runner.run(Command.change(vsctl(port.subList(1, port.size()).toArray(String[]::new))));
            if (!r.ok()) {
                failed.put(id, "'ovs-vsctl " + String.join(" ", port.subList(1, port.size())) + "' failed: " + r.stderr().strip());
            }
        });
        return failed;
    }

    /** Whether an {@code ip -o link} line says up with this MTU. */
    private static boolean fits(Optional<String> link, int mtu) {
        return link.isPresent() && IpCommands.up(link.get()) && link.get().contains(" mtu " + mtu + " ");
    }

    @Override
    public PlumbingState read() {
        // the four listings at once (Concurrently): a pass waits for the slowest, not for their sum
        CompletableFuture<IpCommands.Listing> innerListed = Concurrently.start(ip::linksAndAddresses);
        CompletableFuture<Map<String, String>> rootListed = netns.isPresent() ? Concurrently.start(ip::rootLinks)
                : innerListed.thenApply(IpCommands.Listing::links);
        CompletableFuture<Boolean> filled = Concurrently.start(checksums::present);
        Map<String, String> tags = bridgePorts.read(); // meanwhile
        IpCommands.Listing inner = Concurrently.join(innerListed);
        return new PlumbingState(Concurrently.join(rootListed), inner.links(), inner.addresses(), tags, Concurrently.join(filled));
    }

    @Override
    public List<NodeFinding> check(Network network, PlumbingState state) {
        InterfaceName outer = portName(network);
        List<NodeFinding> found = new ArrayList<>();
        String tag = state.portTags().get(outer.value());
        if (tag == null) {
            found.add(NodeFinding.of(Kind.LEG_MISSING, network, "access port " + outer + " is not on bridge " + bridge));
        } else if (!tag.equals(Integer.toString(network.vlan().value()))) {
            found.add(NodeFinding.of(Kind.WRONG_TAG, network, "access port " + outer + (tag.isEmpty() ? " has no tag" : " has tag " + tag)
                    + ", not " + network.vlan().value()));
        }
        Optional<String> link = state.rootLink(outer.value());
        if (link.isEmpty()) {
            found.add(NodeFinding.of(Kind.LEG_MISSING, network, "interface " + outer + " does not exist"));
        } else if (!IpCommands.up(link.get())) {
            found.add(NodeFinding.of(Kind.LEG_DOWN, network, "interface " + outer + " is down"));
        }
        found.addAll(IpCommands.checkLeg(legName(network), network, state));
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
    public void removeLegs(List<Network> networks) {
        if (networks.isEmpty()) {
            return;
        }
        List<String> del = new ArrayList<>();
        for (Network n : networks) {
            del.addAll(List.of("--", "--if-exists", "del-port", bridge.value(), portName(n).value()));
        }
        vsctlCheck(del.subList(1, del.size()).toArray(String[]::new));
        Map<String, String> inner = ip.linksAndAddresses().links();
        Map<String, String> root = netns.isPresent() ? ip.rootLinks() : inner;
        IpBatch legs = new IpBatch();
        IpBatch outers = new IpBatch();
        for (Network n : networks) {
            if (inner.containsKey(legName(n).value())) {
                legs.add(n.id(), "link", "del", "dev", legName(n).value()); // takes its peer along
            } else if (root.containsKey(portName(n).value())) {
                outers.add(n.id(), "link", "del", "dev", portName(n).value());
            }
        }
        legs.run(runner, ip.ipArgv(true));
        outers.run(runner, ip.ipArgv(false));
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
