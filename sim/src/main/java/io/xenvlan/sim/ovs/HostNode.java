package io.xenvlan.sim.ovs;

import java.util.ArrayList;
import java.util.List;

/**
 * One simulated host: a namespace playing its control domain, with its own Open vSwitch
 * (bridges {@code xenbrN}, fake bridges {@code xapiN}, VIF ports {@code vif<domid>.<device>},
 * exactly as xapi names them).
 */
final class HostNode {
    final String uuid;
    final String name;
    final int index;
    final String namespace;
    final OvsDaemons ovs;
    boolean trunkCabled;

    HostNode(String uuid, String name, int index, String namespace, OvsDaemons ovs) {
        this.uuid = uuid;
        this.name = name;
        this.index = index;
        this.namespace = namespace;
        this.ovs = ovs;
    }

    boolean bridgeExists(String bridge) {
        return ovs.vsctlQuery("br-exists", bridge).ok();
    }

    boolean linkExists(String device) {
        return Exec.run(ipArgs("link", "show", "dev", device)).ok();
    }

    void ip(String... args) {
        Exec.check(ipArgs(args));
    }

    void txChecksumOff(String device) {
        Exec.check(Exec.inNamespace(namespace, List.of("ethtool", "-K", device, "tx", "off")));
    }

    private List<String> ipArgs(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", namespace));
        argv.addAll(List.of(args));
        return argv;
    }
}
