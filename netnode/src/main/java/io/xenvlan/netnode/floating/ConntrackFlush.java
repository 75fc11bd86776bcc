package io.xenvlan.netnode.floating;

import io.xenvlan.core.value.Ipv4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
            Map<String, String> orig = directions.get(0);
            Map<String, String> reply = directions.get(1);
            if (wanted.contains(orig.get("dst")) || wanted.contains(reply.get("dst"))) {
                lines.add(deletion(words[0], orig));
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
