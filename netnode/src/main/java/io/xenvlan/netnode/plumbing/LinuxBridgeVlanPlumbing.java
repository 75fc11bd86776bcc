package io.xenvlan.netnode.plumbing;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.NodeFinding;
import io.xenvlan.netnode.NodeFinding.Kind;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * nova's Linux bridge plumbing: an 802.1Q device {@code vlan<N>} on the trunk NIC, enslaved to
 * bridge {@code br<N>} (STP off, no forward delay) which carries the gateway and DHCP server
 * addresses. Needs a kernel that can make 802.1Q devices; {@link #start} checks that first.
 */
public final class LinuxBridgeVlanPlumbing implements VlanPlumbing {
    private final CommandRunner runner;
    private final InterfaceName trunk;
    private final String prefix;
    private final IpCommands ip;

    public LinuxBridgeVlanPlumbing(CommandRunner runner, InterfaceName trunkInterface, Optional<NamespaceName> netns,
                                   String prefix) {
        this.runner = runner;
        this.trunk = trunkInterface;
        this.prefix = prefix;
        this.ip = new IpCommands(runner, netns);
    }

    @Override
    public void start() {
        ip.ensureNamespace();
        requireVlanDevices();
        if (!ip.exists(trunk)) {
            throw new BackendFailureException("ip", "NO_TRUNK", List.of(trunk.value()),
                    "linuxbridge driver: trunk interface " + trunk + " does not exist"
                            + ip.namespace().map(n -> " in namespace " + n).orElse(""), null);
        }
    }

    /** Makes a throw-away veth pair and tries to put an 802.1Q device on it. */
    private void requireVlanDevices() {
        String probe = prefix + "vq0";
        String peer = prefix + "vq1";
        if (ip.exists(new InterfaceName(probe))) {
            ip.run("link", "del", "dev", probe);
        }
        ip.run("link", "add", probe, "type", "veth", "peer", "name", peer);
        CommandResult vlan;
        try {
            vlan = ip.attempt("link", "add", "link", probe, "name", probe + ".7", "type", "vlan", "id", "7");
        } finally {
            ip.run("link", "del", "dev", probe);
        }
        if (!vlan.ok()) {
            String said = vlan.stderr().strip();
            throw new BackendFailureException("linuxbridge", "NO_8021Q", List.of(said),
                    "linuxbridge driver: this kernel cannot create 802.1Q VLAN devices ('ip link add ... type vlan' said: "
                            + said + "). Load the 8021q module, or use --netnode-driver ovs.", null);
        }
    }

    @Override
    public Map<Long, String> ensureLegs(List<Network> networks) {
        PlumbingState state = read();
        IpBatch batch = new IpBatch();
        for (Network n : networks) {
            String vlanDev = vlanDevice(n).value();
            String bridge = legName(n).value();
            if (state.link(vlanDev).isEmpty()) {
                batch.add(n.id(), "link", "add", "link", trunk.value(), "name", vlanDev, "type", "vlan", "id",
                        Integer.toString(n.vlan().value()));
            }
            batch.add(n.id(), "link", "set", "dev", vlanDev, "mtu", Integer.toString(n.mtu()), "up");
            if (state.link(bridge).isEmpty()) {
                batch.add(n.id(), "link", "add", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0");
            }
            batch.add(n.id(), "link", "set", "dev", vlanDev, "master", bridge);
            IpCommands.configureLeg(batch, legName(n), n);
        }
        Map<Long, String> failed = batch.run(runner, ip.ipArgv(true));
        if (!runner.executes()) {
            return Map.of();
        }
        Map<Long, String> wrong = new HashMap<>(wrong(networks, read()));
        wrong.replaceAll((id, why) -> failed.containsKey(id) ? why + " (" + failed.get(id) + ")" : why);
        return wrong;
    }

    @Override
    public PlumbingState read() {
        IpCommands.Listing listing = ip.linksAndAddresses();
        return new PlumbingState(Map.of(), listing.links(), listing.addresses(), Map.of(), true);
    }

    @Override
    public List<NodeFinding> check(Network network, PlumbingState state) {
        InterfaceName bridge = legName(network);
        List<NodeFinding> found = new ArrayList<>();
        Optional<String> vlan = state.link(vlanDevice(network).value());
        if (vlan.isEmpty()) {
            found.add(NodeFinding.of(Kind.LEG_MISSING, network, "vlan device " + vlanDevice(network) + " does not exist"));
        } else if (!List.of(vlan.get().split("\\s+")).contains(bridge.value())) {
            found.add(NodeFinding.of(Kind.LEG_MISSING, network, "vlan device " + vlanDevice(network) + " is not in bridge " + bridge));
        } else if (!IpCommands.up(vlan.get())) {
            found.add(NodeFinding.of(Kind.LEG_DOWN, network, "vlan device " + vlanDevice(network) + " is down"));
        }
        found.addAll(IpCommands.checkLeg(bridge, network, state));
        return found;
    }

    @Override
    public InterfaceName legName(Network network) {
        return new InterfaceName(network.bridge().value());
    }

    private InterfaceName vlanDevice(Network network) {
        return new InterfaceName("vlan" + network.vlan().value());
    }

    @Override
    public void removeLegs(List<Network> networks) {
        PlumbingState state = read();
        IpBatch batch = new IpBatch();
        for (Network n : networks) {
            for (InterfaceName dev : List.of(vlanDevice(n), legName(n))) {
                if (state.link(dev.value()).isPresent() || !runner.executes()) {
                    batch.add(n.id(), "link", "del", "dev", dev.value());
                }
            }
        }
        batch.run(runner, ip.ipArgv(true));
    }
}
