package io.xenvlan.netnode.metadata;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.firewall.FirewallPart;
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
 * The metadata service's part of the node's table: {@code 169.254.169.254:80} arriving on a served
 * network's leg is DNATed, through map {@value #DNAT} (leg to the network's DHCP server address),
 * to the node's listener at that address (so the listener knows the network by the address a
 * connection reached, and the VM's own address stays the source): one rule for every network. A
 * guard drops every connection to the listener's port that no DNAT made, so the service answers
 * on the legs only, never on the public side or on a leg address asked directly.
 */
final class MetadataRules implements FirewallPart {
    static final String METADATA_ADDRESS = "169.254.169.254";
    /** Leg to the address of the listener for its network. */
    static final String DNAT = "metadata_dnat";
    static final String REDIRECT = "metadata to the node";
    static final String GUARD = "metadata through the redirect only";

    private final int port;
    private final Map<Long, String> legs = new ConcurrentHashMap<>();

    MetadataRules(int port) {
        this.port = port;
    }

    void add(Network network, InterfaceName leg) {
        legs.put(network.id(), element(network, leg));
    }

    void remove(Network network) {
        legs.remove(network.id());
    }

    @Override
    public void contribute(NftTable.Builder table) {
        table.set(new NftSet(DNAT, true, "ifname : ipv4_addr", List.of(),
                legs.values().stream().sorted(Comparator.naturalOrder()).distinct().toList()));
        table.chain(new NftChain("metadata_in", Optional.of("type nat hook prerouting priority dstnat; policy accept;"),
                List.of(new NftRule(REDIRECT, "ip daddr " + METADATA_ADDRESS + " tcp dport 80 dnat to iifname map @" + DNAT
                        + ":" + port))));
        table.chain(new NftChain("metadata_guard", Optional.of("type filter hook input priority filter; policy accept;"),
                List.of(new NftRule(GUARD, "tcp dport " + port + " ct status ! dnat drop"))));
    }

    /** The network's redirect, if it is not in {@code live} (the map and the rules are checked node-wide). */
    List<String> missing(Network network, InterfaceName leg, LiveTable live) {
        List<String> missing = new ArrayList<>();
        if (live.exists()) {
            live.elements(DNAT).filter(s -> !s.contains(element(network, leg)))
                    .ifPresent(s -> missing.add("map " + DNAT + " lacks " + element(network, leg)));
        }
        return missing;
    }

    private static String element(Network network, InterfaceName leg) {
        return NftTable.element(leg) + " : " + NftTable.element(network.dhcpServer());
    }
}
