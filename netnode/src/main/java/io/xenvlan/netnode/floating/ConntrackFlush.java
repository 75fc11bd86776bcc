package io.xenvlan.netnode.floating;

import io.xenvlan.core.value.Ipv4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Which tracked connections went through floating IPs that were removed or moved: those whose
 * original destination is one (DNATed in) or whose reply goes to one (SNATed out), read from one
 * {@code conntrack -L}, each as the {@code conntrack -D} line of its original tuple. A delete with
 * a filter walks the whole table, so deleting just the connections found costs one walk per
 * connection that exists rather than one per floating IP: a batch of a thousand removals with no
 * open connection costs one listing and nothing else.
 */
final class ConntrackFlush {
    private ConntrackFlush() {}

    /** The {@code conntrack -R} lines deleting the connections of {@code listing} through {@code floatingIps}. */
    static List<String> deletions(String listing, Set<Ipv4Address> floatingIps) {
        Set<String> wanted = new LinkedHashSet<>();
        floatingIps.forEach(a -> wanted.add(a.toString()));
        return matching(listing, (orig, reply) -> wanted.contains(orig.get("dst")) || wanted.contains(reply.get("dst")));
    }

    /**
     * The {@code conntrack -R} lines deleting the connections of {@code listing} NATed through an
     * address of the plan's pools that the plan no longer points that way: DNATed to a fixed address
     * the floating IP is not associated with now (or not at all), or SNATed from a fixed address
     * that no longer has it. After a crash between a batch's rules and its flush, the kernel no
     * longer shows what was removed, so the node finds such leftovers by the connections themselves
     * (at start and in each self-check). Connections to a pool address that were not NATed here (a
     * floating IP another node serves) are not touched.
     */
    static List<String> stale(String listing, FloatingPlan plan) {
        return matching(listing, (orig, reply) -> {
            Optional<Ipv4Address> inbound = ipv4(orig.get("dst")).filter(plan::inPools)
                    .filter(fip -> !fip.toString().equals(reply.get("src")));
            if (inbound.isPresent()) {
                return !pointsAt(plan, inbound.get(), reply.get("src"));
            }
            Optional<Ipv4Address> outbound = ipv4(reply.get("dst")).filter(plan::inPools)
                    .filter(fip -> !fip.toString().equals(orig.get("src")));
            return outbound.isPresent() && !pointsAt(plan, outbound.get(), orig.get("src"));
        });
    }

    private static boolean pointsAt(FloatingPlan plan, Ipv4Address fip, String fixed) {
        FloatingEntry entry = plan.entries().get(fip);
        return entry != null && entry.fixed().toString().equals(fixed);
    }

    private static Optional<Ipv4Address> ipv4(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Ipv4Address.parse(text));
        } catch (RuntimeException notIpv4) {
            return Optional.empty();
        }
    }

    /** The deletion lines of the listing's IPv4 tcp, udp and icmp connections whose two directions {@code through} accepts. */
    private static List<String> matching(String listing, BiPredicate<Map<String, String>, Map<String, String>> through) {
        Set<String> lines = new LinkedHashSet<>();
        for (String entry : listing.lines().toList()) {
            String[] words = entry.trim().split("\\s+");
            if (words.length < 2 || !words[0].matches("tcp|udp|icmp")) {
                continue;
            }
            List<Map<String, String>> directions = directions(words);
            if (directions.size() < 2) {
                continue;
            }
            if (through.test(directions.get(0), directions.get(1))) {
                lines.add(deletion(words[0], directions.get(0)));
            }
        }
        return List.copyOf(lines);
    }

    /** The key=value words of the original direction, then of the reply direction (each starts at its {@code src=}). */
    private static List<Map<String, String>> directions(String[] words) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = w.substring(0, eq);
            if (key.equals("src")) {
                out.add(new LinkedHashMap<>());
            }
            if (!out.isEmpty()) {
                out.get(out.size() - 1).putIfAbsent(key, w.substring(eq + 1));
            }
        }
        return out;
    }

    private static String deletion(String protocol, Map<String, String> orig) {
        StringBuilder b = new StringBuilder("-D -p ").append(protocol).append(" -s ").append(address(orig.get("src")))
                .append(" -d ").append(address(orig.get("dst")));
        if (protocol.equals("icmp")) {
            b.append(" --icmp-type ").append(number(orig.get("type"))).append(" --icmp-code ").append(number(orig.get("code")))
                    .append(" --icmp-id ").append(number(orig.get("id")));
        } else {
            b.append(" --sport ").append(number(orig.get("sport"))).append(" --dport ").append(number(orig.get("dport")));
        }
        return b.toString();
    }

    /** Only what conntrack printed as an address goes back into a command. */
    private static String address(String text) {
        return Ipv4Address.parse("conntrack", text).toString();
    }

    private static String number(String text) {
        if (text == null || !text.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("conntrack printed an unexpected field: " + text);
        }
        return text;
    }
}
