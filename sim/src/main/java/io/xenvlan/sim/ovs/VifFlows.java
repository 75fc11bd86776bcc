package io.xenvlan.sim.ovs;

import io.xenvlan.sim.VifLocking;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenFlow rules XenServer's vif script ({@code setup-vif-rules}, Open vSwitch flavour) puts
 * on the host's bridge for a locked VIF, all with cookie 1 and matched on the VIF's port: DHCP
 * requests from the VIF's MAC; ARP from the VIF's MAC with sender 0.0.0.0 (probes) or an allowed
 * address; IPv4 from the MAC and an allowed address; for each allowed IPv6 address neighbour
 * discovery and ICMPv6 / TCP / UDP from it; a drop of other neighbour discovery and of router
 * advertisements, redirects and their kin; then a drop of everything else. Frames towards the VM
 * are not filtered. Addresses reach here as xapi validated them (addresses or prefixes).
 */
final class VifFlows {
    /** The cookie every VIF rule carries, so {@code del-flows in_port=N,cookie=1/-1} clears exactly them. */
    static final String COOKIE = "cookie=1";

    private VifFlows() {}

    static List<String> locked(int port, String mac, VifLocking locking) {
        String in = "in_port=" + port;
        List<String> flows = new ArrayList<>();
        flows.add(in + ",priority=8000,dl_type=0x0800,nw_proto=0x11,tp_dst=67,dl_src=" + mac + ",idle_timeout=0,action=normal");
        flows.add(in + ",priority=7000,dl_type=0x0806,dl_src=" + mac + ",arp_sha=" + mac + ",nw_src=0.0.0.0,idle_timeout=0,action=normal");
        for (String ipv4 : locking.ipv4Allowed()) {
            flows.add(in + ",priority=7000,dl_type=0x0806,dl_src=" + mac + ",arp_sha=" + mac + ",nw_src=" + ipv4
                    + ",idle_timeout=0,action=normal");
            flows.add(in + ",priority=6000,dl_type=0x0800,nw_src=" + ipv4 + ",dl_src=" + mac + ",idle_timeout=0,action=normal");
        }
        for (String ipv6 : locking.ipv6Allowed()) {
            flows.add(in + ",priority=8000,dl_src=" + mac + ",icmp6,ipv6_src=" + ipv6 + ",icmp_type=135,nd_sll=" + mac
                    + ",idle_timeout=0,action=normal");
            flows.add(in + ",priority=8000,dl_src=" + mac + ",icmp6,ipv6_src=" + ipv6 + ",icmp_type=136,nd_target=" + ipv6
                    + ",idle_timeout=0,action=normal");
            for (String proto : List.of("icmp6", "tcp6", "udp6")) {
                flows.add(in + ",priority=5000,dl_src=" + mac + ",ipv6_src=" + ipv6 + "," + proto + ",action=normal");
            }
        }
        flows.add(in + ",priority=7000,icmp6,icmp_type=135,action=drop");
        flows.add(in + ",priority=7000,icmp6,icmp_type=136,action=drop");
        for (int type : List.of(134, 137, 146, 147, 151, 152, 153)) {
            flows.add(in + ",priority=6000,icmp6,icmp_type=" + type + ",action=drop");
        }
        flows.add(in + ",priority=4000,idle_timeout=0,action=drop");
        return flows.stream().map(f -> COOKIE + "," + f).toList();
    }
}
