package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.LegService;
import io.xenvlan.netnode.firewall.LiveTable;
import io.xenvlan.netnode.firewall.NftTable;
import io.xenvlan.netnode.firewall.NftTable.NftChain;
import io.xenvlan.netnode.firewall.NftTable.NftRule;
import io.xenvlan.netnode.firewall.NftTable.NftSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each network's DNS to its own VMs. dnsmasq binds the leg's address, and the kernel
 * delivers a packet for a local address whichever interface it came in on, so a VM of another
 * network could ask this network's dnsmasq for its names through the node. One rule for all
 * networks, in the node's table, drops DNS (UDP and TCP) to a guarded leg address (set
 * {@value #GUARDED}) that did not arrive on that address's leg (set {@value #LEGS} of address .
 * leg pairs): the rules a packet walks do not grow with the networks.
 */
public final class DnsGuard implements LegService {
    /** The DHCP server (DNS) addresses of the served networks. */
    static final String GUARDED = "dns_guarded";
    /** Each guarded address with the leg DNS to it may arrive on. */
    static final String LEGS = "dns_legs";
    static final String RULE = "dns from its own leg only";

    private record Guarded(String address, String pair) {}

    private final Map<Long, Guarded> guarded = new ConcurrentHashMap<>();

    @Override
    public void serve(Network network, InterfaceName leg) {
        guarded.put(network.id(), new Guarded(NftTable.element(network.dhcpServer()), pair(network, leg)));
    }

    @Override
    public void stop(Network network, InterfaceName leg) {
        guarded.remove(network.id());
    }

    @Override
    public void contribute(NftTable.Builder table) {
        List<Guarded> all = guarded.values().stream().sorted(Comparator.comparing(Guarded::pair)).toList();
        table.set(new NftSet(GUARDED, false, "ipv4_addr", List.of(), all.stream().map(Guarded::address).distinct().toList()));
        table.set(new NftSet(LEGS, false, "ipv4_addr . ifname", List.of(), all.stream().map(Guarded::pair).distinct().toList()));
        table.chain(new NftChain("dns_guard", Optional.of("type filter hook input priority filter; policy accept;"),
                List.of(new NftRule(RULE, "meta l4proto { tcp, udp } th dport 53 ip daddr @" + GUARDED
                        + " ip daddr . iifname != @" + LEGS + " drop"))));
    }

    @Override
    public List<String> missing(Network network, InterfaceName leg, LiveTable live) {
        if (!live.exists()) {
            return List.of(); // the whole table is missing: a node-wide finding says so
        }
        List<String> missing = new ArrayList<>();
        live.elements(GUARDED).filter(s -> !s.contains(NftTable.element(network.dhcpServer())))
                .ifPresent(s -> missing.add("set " + GUARDED + " lacks " + network.dhcpServer()));
        live.elements(LEGS).filter(s -> !s.contains(pair(network, leg)))
                .ifPresent(s -> missing.add("set " + LEGS + " lacks " + pair(network, leg)));
        return missing;
    }

    private static String pair(Network network, InterfaceName leg) {
        return NftTable.element(network.dhcpServer()) + " . " + NftTable.element(leg);
    }
}
