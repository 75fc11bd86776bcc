package io.xenvlan.sim.ovs;

import io.xenvlan.sim.VifLocking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, VifBackend> vifs = new HashMap<>();
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
        parents.put(bridge, parent);
    }

    void removeFakeBridge(String bridge) {
        ovs.vsctl("--if-exists", "del-br", bridge);
        bridges.remove(bridge);
        parents.remove(bridge);
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
     * A VIF: veth {@code backend}, its peer {@code guest} in the VM's namespace with the MAC and
     * MTU, both ends up, checksum offload off; then, as XenServer's vif script does, the port on
     * {@code bridge} with xapi's external ids unless the locking is {@code disabled}, and the
     * filtering rules when it is {@code locked}.
     */
    void plugVif(String backend, String guest, String vmNamespace, String bridge, String mac, long mtu,
                 List<String> externalIds, VifLocking locking) {
        ensureBridge(bridge); // a network without PIFs: xapi makes its bridge when the first VIF plugs
        unplugVif(backend);
        String m = Long.toString(mtu);
        ip("link", "add", backend, "mtu", m, "type", "veth", "peer", "name", guest, "address", mac, "mtu", m,
                "netns", vmNamespace);
        txChecksumOff(namespace, backend);
        txChecksumOff(vmNamespace, guest);
        ip("link", "set", "dev", backend, "up");
        Exec.check(List.of("ip", "-n", vmNamespace, "link", "set", "dev", guest, "up"));
        VifBackend vif = new VifBackend(backend, bridge, mac, externalIds);
        vifs.put(backend, vif);
        filter(vif, locking);
    }

    /**
     * New locking for a plugged VIF: the script's "clear" then "filter": its rules and its port
     * go, then come back as {@code locking} says.
     */
    void refilter(String backend, VifLocking locking) {
        VifBackend vif = vifs.get(backend);
        if (vif == null) {
            throw new DataPlaneException("VIF " + backend + " is not plugged on this host");
        }
        if (vif.onBridge) {
            clearRules(vif);
            ovs.vsctl("--if-exists", "del-port", backend);
            vif.onBridge = false;
        }
        filter(vif, locking);
    }

    private void filter(VifBackend vif, VifLocking locking) {
        if (locking.disabled()) {
            return; // not on the bridge at all: nothing passes either way
        }
        List<String> args = new ArrayList<>(List.of("add-port", vif.bridge, vif.name, "--", "set", "interface", vif.name));
        vif.externalIds.forEach(id -> args.add("external-ids:" + id));
        ovs.vsctl(args.toArray(String[]::new));
        vif.onBridge = true;
        if (locking.locked()) {
            Path flows = ovs.dir().resolve(vif.name + ".flows");
            try {
                Files.write(flows, VifFlows.locked(ofport(vif.name), vif.mac, locking));
                ovs.ofctl("add-flows", parent(vif.bridge), flows.toString());
            } catch (IOException e) {
                throw new DataPlaneException("cannot write " + flows + ": " + e.getMessage(), e);
            }
        }
    }

    private void clearRules(VifBackend vif) {
        ovs.ofctl("del-flows", parent(vif.bridge), "in_port=" + ofport(vif.name) + "," + VifFlows.COOKIE + "/-1");
    }

    /** The OpenFlow port number of an interface on this switch. */
    private int ofport(String name) {
        String port = ovs.vsctl("get", "interface", name, "ofport").stdout().strip();
        if (!port.matches("[0-9]{1,5}")) {
            throw new DataPlaneException("interface " + name + " has no OpenFlow port (" + port + ")");
        }
        return Integer.parseInt(port);
    }

    /** The real bridge holding {@code bridge}: its parent for a fake bridge, where OpenFlow rules go. */
    private String parent(String bridge) {
        return parents.getOrDefault(bridge, bridge);
    }

    void unplugVif(String backend) {
        VifBackend vif = vifs.remove(backend);
        if (vif != null) {
            if (vif.onBridge) {
                clearRules(vif);
            }
            ovs.vsctl("--if-exists", "del-port", backend);
            // quiet: the veth goes by itself when its VM's namespace is deleted
            Exec.run(List.of("ip", "-n", namespace, "link", "del", "dev", backend));
        }
    }

    /** What the host remembers of a plugged VIF's backend. */
    private static final class VifBackend {
        final String name;
        final String bridge;
        final String mac;
        final List<String> externalIds;
        boolean onBridge;

        VifBackend(String name, String bridge, String mac, List<String> externalIds) {
            this.name = name;
            this.bridge = bridge;
            this.mac = mac;
            this.externalIds = List.copyOf(externalIds);
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
