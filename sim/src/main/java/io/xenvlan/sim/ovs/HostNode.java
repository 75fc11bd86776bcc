package io.xenvlan.sim.ovs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One simulated host: a namespace playing its control domain, with its own Open vSwitch
 * (bridges {@code xenbrN}, fake bridges {@code xapiN}, VIF ports {@code vif<domid>.<device>},
 * exactly as xapi names them). The data plane is the only writer of this switch and namespace,
 * so it remembers what it made instead of asking (each question costs a process). Names reach
 * it validated.
 */
final class HostNode {
    final String uuid;
    final String name;
    final int index;
    final String namespace;
    final OvsDaemons ovs;
    private final Set<String> bridges = new HashSet<>();
    private final Set<String> backends = new HashSet<>();
    private boolean trunkCabled;

    HostNode(String uuid, String name, int index, String namespace, OvsDaemons ovs) {
        this.uuid = uuid;
        this.name = name;
        this.index = index;
        this.namespace = namespace;
        this.ovs = ovs;
    }

    /** A bridge of its own (userspace datapath), made once. */
    void ensureBridge(String bridge) {
        if (bridges.add(bridge)) {
            ovs.vsctl("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev");
        }
    }

    /** A VLAN network's bridge: a fake bridge on the parent with the tag, as xapi makes it. */
    void fakeBridge(String bridge, String parent, long tag) {
        ovs.vsctl("--may-exist", "add-br", bridge, parent, Long.toString(tag));
        bridges.add(bridge);
    }

    void removeFakeBridge(String bridge) {
        ovs.vsctl("--if-exists", "del-br", bridge);
        bridges.remove(bridge);
    }

    boolean trunkCabled() {
        return trunkCabled;
    }

    /** The trunk NIC: a veth whose other end is {@code switchPort}, a port of the trunk switch; then on {@code bridge}. */
    void cableTrunk(String device, long mtu, String bridge, String switchPort, TrunkSwitch trunk) {
        if (!trunkCabled) {
            String m = Long.toString(mtu);
            ip("link", "add", device, "mtu", m, "type", "veth", "peer", "name", switchPort, "mtu", m,
                    "netns", trunk.namespace());
            trunkCabled = true;
            txChecksumOff(namespace, device);
            txChecksumOff(trunk.namespace(), switchPort);
            Exec.check(List.of("ip", "-n", trunk.namespace(), "link", "set", "dev", switchPort, "up"));
            Exec.check(List.of("ovs-vsctl", "--timeout=30", "--db=" + trunk.ovsDb(), "--may-exist", "add-port",
                    trunk.bridge(), switchPort));
        }
        ovs.vsctl("--may-exist", "add-port", bridge, device);
        ip("link", "set", "dev", device, "up");
    }

    void linkDown(String device) {
        ip("link", "set", "dev", device, "down");
    }

    /**
     * A VIF: veth {@code backend} on {@code bridge}, its peer {@code guest} in the VM's namespace
     * with the MAC and MTU, both ends up, checksum offload off, xapi's external ids on the port.
     */
    void plugVif(String backend, String guest, String vmNamespace, String bridge, String mac, long mtu,
                 List<String> externalIds) {
        ensureBridge(bridge); // a network without PIFs: xapi makes its bridge when the first VIF plugs
        unplugVif(backend);
        String m = Long.toString(mtu);
        ip("link", "add", backend, "mtu", m, "type", "veth", "peer", "name", guest, "address", mac, "mtu", m,
                "netns", vmNamespace);
        backends.add(backend);
        txChecksumOff(namespace, backend);
        txChecksumOff(vmNamespace, guest);
        ip("link", "set", "dev", backend, "up");
        Exec.check(List.of("ip", "-n", vmNamespace, "link", "set", "dev", guest, "up"));
        List<String> args = new ArrayList<>(List.of("add-port", bridge, backend, "--", "set", "interface", backend));
        externalIds.forEach(id -> args.add("external-ids:" + id));
        ovs.vsctl(args.toArray(String[]::new));
    }

    void unplugVif(String backend) {
        if (backends.remove(backend)) {
            ovs.vsctl("--if-exists", "del-port", backend);
            // quiet: the veth goes by itself when its VM's namespace is deleted
            Exec.run(List.of("ip", "-n", namespace, "link", "del", "dev", backend));
        }
    }

    private void ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", namespace));
        argv.addAll(List.of(args));
        Exec.check(argv);
    }

    private static void txChecksumOff(String namespace, String device) {
        Exec.check(Exec.inNamespace(namespace, List.of("ethtool", "-K", device, "tx", "off")));
    }
}
