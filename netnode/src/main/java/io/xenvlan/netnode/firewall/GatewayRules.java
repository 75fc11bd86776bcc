package io.xenvlan.netnode.firewall;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.firewall.NftTable.NftChain;
import io.xenvlan.netnode.firewall.NftTable.NftRule;
import io.xenvlan.netnode.firewall.NftTable.NftSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's part of the node's table. Projects stay apart on the gateway, not only on the
 * wire: a packet that came in on any served network's leg and would leave by any leg is dropped
 * (set {@value #LEGS}). With a public interface, what the networks send out of it is masqueraded
 * (set {@value #NETWORKS}). Two rules, whatever the number of networks: a packet walks the same
 * rules into network 1 as into network 1,000, the sets are hashed or interval trees.
 */
public final class GatewayRules implements FirewallPart {
    /** The legs of the networks served here (ifname set). */
    public static final String LEGS = "legs";
    /** The ranges of the networks served here (interval set), masqueraded out of the public interface. */
    public static final String NETWORKS = "networks";
    static final String ISOLATION = "projects stay apart";
    static final String MASQUERADE = "networks masqueraded";

    private record Served(InterfaceName leg, Cidr cidr) {}

    private final Optional<InterfaceName> publicInterface;
    private final Map<Long, Served> served = new ConcurrentHashMap<>();

    public GatewayRules(Optional<InterfaceName> publicInterface) {
        this.publicInterface = publicInterface;
    }

    /** The network's leg and range take part from the next apply on. */
    public void add(Network network, InterfaceName leg) {
        served.put(network.id(), new Served(leg, network.cidr()));
    }

    public void remove(long networkId) {
        served.remove(networkId);
    }

    @Override
    public void contribute(NftTable.Builder table) {
        List<Served> all = served.values().stream().sorted(Comparator.comparing(s -> s.leg().value())).toList();
        table.set(new NftSet(LEGS, false, "ifname", List.of(), all.stream().map(s -> NftTable.element(s.leg())).distinct().toList()));
        table.chain(new NftChain("forward", Optional.of("type filter hook forward priority filter; policy accept;"),
                List.of(new NftRule(ISOLATION, "iifname @" + LEGS + " oifname @" + LEGS + " drop"))));
        publicInterface.ifPresent(pub -> {
            table.set(new NftSet(NETWORKS, false, "ipv4_addr", List.of("interval"),
                    outermost(all.stream().map(Served::cidr).toList()).stream().map(NftTable::element).toList()));
            table.chain(new NftChain("postrouting", Optional.of("type nat hook postrouting priority srcnat; policy accept;"),
                    List.of(new NftRule(MASQUERADE, "oifname \"" + pub.value() + "\" ip saddr @" + NETWORKS + " masquerade"))));
        });
    }

    /** An interval set refuses overlapping elements: keep each range not inside another (networks do not overlap anyway). */
    static List<Cidr> outermost(List<Cidr> ranges) {
        List<Cidr> kept = new ArrayList<>();
        ranges.stream().distinct().sorted(Comparator.comparingInt(Cidr::prefix).thenComparing(Cidr::network)).forEach(c -> {
            if (kept.stream().noneMatch(k -> k.overlaps(c))) {
                kept.add(c);
            }
        });
        kept.sort(Comparator.comparing(Cidr::network));
        return kept;
    }

    /** What of the network's share is not in {@code live}: its leg in {@value #LEGS}, its range in {@value #NETWORKS}. */
    public List<String> missing(Network network, InterfaceName leg, LiveTable live) {
        if (!live.exists()) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        live.elements(LEGS).filter(s -> !s.contains(NftTable.element(leg)))
                .ifPresent(s -> missing.add("set " + LEGS + " lacks " + leg));
        if (publicInterface.isPresent()) {
            Set<String> ranges = live.elements(NETWORKS).orElse(Set.of());
            if (live.elements(NETWORKS).isPresent() && !ranges.contains(NftTable.element(network.cidr()))) {
                missing.add("set " + NETWORKS + " lacks " + network.cidr());
            }
        }
        return missing;
    }
}
