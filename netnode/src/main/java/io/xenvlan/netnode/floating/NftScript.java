package io.xenvlan.netnode.floating;

import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The nftables statements of the floating table, {@value #TABLE}. Its maps carry the associations
 * ({@code dnat4}: floating to fixed, {@code snat4}: fixed to floating, {@code ingress}: fixed to the
 * project's chain), so the base chains hold three rules whatever the number of associations: a
 * packet costs one hash lookup per map. DNAT happens at prerouting for packets that come in by a
 * public interface; SNAT at postrouting at priority {@code srcnat - 10}, ahead of the gateway's
 * masquerade of the network's range; the inbound filter sends what was DNATed to its project's
 * chain and drops what has no chain. Names and elements come from validated values only.
 */
final class NftScript {
    static final String TABLE = "xenvlan_fip";
    private static final String T = "ip " + TABLE;

    private NftScript() {}

    /** Creates what is missing and rewrites the three base chains' rules; elements stay. */
    static List<String> skeleton() {
        List<String> s = new ArrayList<>();
        s.add("add table " + T);
        s.add("add set " + T + " publics { type ifname; }");
        s.add("add map " + T + " dnat4 { type ipv4_addr : ipv4_addr; }");
        s.add("add map " + T + " snat4 { type ipv4_addr : ipv4_addr; }");
        s.add("add map " + T + " ingress { type ipv4_addr : verdict; }");
        s.add("add chain " + T + " prerouting { type nat hook prerouting priority dstnat; policy accept; }");
        s.add("add chain " + T + " postrouting { type nat hook postrouting priority srcnat - 10; policy accept; }");
        s.add("add chain " + T + " inbound { type filter hook forward priority filter - 10; policy accept; }");
        for (String chain : List.of("prerouting", "postrouting", "inbound")) {
            s.add("flush chain " + T + " " + chain);
        }
        s.add("add rule " + T + " prerouting iifname @publics dnat to ip daddr map @dnat4");
        s.add("add rule " + T + " postrouting oifname @publics snat to ip saddr map @snat4");
        s.add("add rule " + T + " inbound iifname @publics ct status dnat ip daddr vmap @ingress");
        s.add("add rule " + T + " inbound iifname @publics ct status dnat drop");
        return s;
    }

    /** The statements of one batch of changes, removals first (they name only what is present). */
    static List<String> changes(FloatingChanges c) {
        List<String> s = new ArrayList<>();
        elements(s, "delete", "dnat4", c.dnatRemoved().keySet(), Ipv4Address::toString);
        elements(s, "delete", "snat4", c.snatRemoved().keySet(), Ipv4Address::toString);
        elements(s, "delete", "ingress", c.ingressRemoved().keySet(), Ipv4Address::toString);
        elements(s, "delete", "publics", c.publicsRemoved(), NftScript::quoted);
        c.chainsRemoved().forEach(chain -> s.add("delete chain " + T + " " + chain));
        for (Map.Entry<String, List<IngressRule>> chain : c.chainsWritten().entrySet()) {
            s.add("add chain " + T + " " + chain.getKey());
            s.add("flush chain " + T + " " + chain.getKey());
            IngressChains.rules(chain.getValue()).forEach(rule -> s.add("add rule " + T + " " + chain.getKey() + " " + rule));
        }
        elements(s, "add", "publics", c.publicsAdded(), NftScript::quoted);
        elements(s, "add", "dnat4", c.added(), e -> e.floatingIp() + " : " + e.fixed());
        elements(s, "add", "snat4", c.added(), e -> e.fixed() + " : " + e.floatingIp());
        elements(s, "add", "ingress", c.added(), e -> e.fixed() + " : jump " + FloatingPlan.chain(e.project()));
        return s;
    }

    private static <T> void elements(List<String> s, String verb, String set, Collection<T> items, Function<T, String> render) {
        if (!items.isEmpty()) {
            s.add(verb + " element " + T + " " + set + " { " + String.join(", ", items.stream().map(render).toList()) + " }");
        }
    }

    private static String quoted(InterfaceName name) {
        return "\"" + name.value() + "\"";
    }
}
