package io.xenvlan.sim.ovs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A bare network node for the data plane's own tests: a namespace with a leg on the trunk
 * switch (access port with a VLAN tag), an address, and a dnsmasq with static hosts.
 */
final class TestNode implements AutoCloseable {
    private final TrunkSwitch trunk;
    private final String namespace;
    private final String port;

    TestNode(OvsDataPlane plane, int vlan, String cidrAddress) {
        this.trunk = plane.trunk();
        this.namespace = plane.tag().namespace("nn");
        this.port = plane.tag().interfaceName("p" + vlan);
        Exec.check(List.of("ip", "netns", "add", namespace));
        Exec.check(List.of("ip", "-n", trunk.namespace(), "link", "add", port, "type", "veth", "peer", "name", "leg",
                "netns", namespace));
        Exec.check(List.of("ip", "-n", trunk.namespace(), "link", "set", port, "up"));
        Exec.check(Exec.inNamespace(trunk.namespace(), List.of("ethtool", "-K", port, "tx", "off")));
        Exec.check(Exec.inNamespace(namespace, List.of("ethtool", "-K", "leg", "tx", "off")));
        Exec.check(List.of("ovs-vsctl", "--db=" + trunk.ovsDb(), "add-port", trunk.bridge(), port, "tag=" + vlan));
        Exec.check(List.of("ip", "-n", namespace, "addr", "add", cidrAddress, "dev", "leg"));
        Exec.check(List.of("ip", "-n", namespace, "link", "set", "leg", "up"));
        Exec.check(List.of("ip", "-n", namespace, "link", "set", "lo", "up"));
    }

    /** dnsmasq on the leg handing out exactly the given {@code mac,ip} pairs. */
    void dnsmasq(Path dir, String serverIp, String netmask, List<String> hosts) throws Exception {
        Path hostsFile = dir.resolve("hosts");
        Files.write(hostsFile, hosts);
        String first = serverIp.substring(0, serverIp.lastIndexOf('.')) + ".0";
        Exec.check(Exec.inNamespace(namespace, List.of("dnsmasq", "--strict-order", "--bind-interfaces", "--conf-file=",
                "--pid-file=" + dir.resolve("dnsmasq.pid"), "--listen-address=" + serverIp, "--except-interface=lo",
                "--dhcp-range=set:t," + first + ",static," + netmask + ",120s", "--dhcp-hostsfile=" + hostsFile,
                "--dhcp-leasefile=" + dir.resolve("leases"), "--port=0", "--user=root")));
    }

    String namespace() {
        return namespace;
    }

    @Override
    public void close() {
        Namespaces.killProcessesIn(namespace);
        Exec.run(List.of("ip", "netns", "del", namespace));
        Exec.run(List.of("ovs-vsctl", "--db=" + trunk.ovsDb(), "--if-exists", "del-port", trunk.bridge(), port));
    }
}
