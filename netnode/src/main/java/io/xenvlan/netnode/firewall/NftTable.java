package io.xenvlan.netnode.firewall;

import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the node's nftables table holds: named sets and maps with their elements, and chains with
 * their rules, each rule tagged with a comment unique in its chain. Rendered as one {@code nft -f}
 * script that replaces the whole table in one transaction, so a packet never sees half a change.
 * Elements are rendered from validated values only ({@link #element}); rule bodies are written by
 * the node's code, never from user input.
 */
public record NftTable(String name, Map<String, NftSet> sets, Map<String, NftChain> chains) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public NftTable {
        requireName(name);
        sets = Map.copyOf(sets);
        chains = Map.copyOf(chains);
    }

    /**
     * A set ({@code type ifname}, {@code type ipv4_addr} with {@code flags interval}) or a map
     * ({@code type ipv4_addr : ipv4_addr}), its elements already in nft syntax.
     */
    public record NftSet(String name, boolean map, String type, List<String> flags, List<String> elements) {
        public NftSet {
            requireName(name);
            Objects.requireNonNull(type, "type");
            flags = List.copyOf(flags);
            elements = List.copyOf(elements);
        }
    }

    /** A chain: a base chain when {@code hook} is given ({@code type filter hook forward priority filter; policy accept;}). */
    public record NftChain(String name, Optional<String> hook, List<NftRule> rules) {
        public NftChain {
            requireName(name);
            Objects.requireNonNull(hook, "hook");
            rules = List.copyOf(rules);
        }
    }

    /** One rule; {@code tag} becomes its comment, which the self-check looks for. */
    public record NftRule(String tag, String body) {
        public NftRule {
            if (tag == null || !tag.matches("[a-z0-9][a-z0-9 :._-]{0,60}")) {
                throw new IllegalArgumentException("rule tag must be 1-61 of a-z 0-9 space : . _ -, got " + tag);
            }
            if (body == null || body.isBlank() || body.contains("\n") || body.contains(";")) {
                throw new IllegalArgumentException("a rule body is one statement list on one line: " + body);
            }
        }
    }

    /** An interface name as an element of a {@code type ifname} set. */
    public static String element(InterfaceName name) {
        return "\"" + name.value() + "\"";
    }

    /** A prefix as an element of an interval set of {@code ipv4_addr}. */
    static String element(Cidr cidr) {
        return cidr.toString();
    }

    /** An address as an element of an {@code ipv4_addr} set or a side of a map element. */
    public static String element(Ipv4Address address) {
        return address.toString();
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("nft names are 1-32 of a-z 0-9 _, starting with a letter: " + name);
        }
    }

    /** The script that replaces the table, sets, maps and chains all at once (one transaction of {@code nft -f -}). */
    List<String> replaceScript() {
        List<String> lines = new ArrayList<>();
        lines.add("table ip " + name);          // exists now, so the delete below cannot fail
        lines.add("delete table ip " + name);
        lines.add("table ip " + name + " {");
        for (NftSet set : sets.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
            lines.add("  " + (set.map() ? "map " : "set ") + set.name() + " {");
            lines.add("    type " + set.type());
            if (!set.flags().isEmpty()) {
                lines.add("    flags " + String.join(", ", set.flags()));
            }
            if (!set.elements().isEmpty()) {
                lines.add("    elements = { " + String.join(", ", set.elements()) + " }");
            }
            lines.add("  }");
        }
        for (NftChain chain : chains.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
            lines.add("  chain " + chain.name() + " {");
            chain.hook().ifPresent(h -> lines.add("    " + h));
            for (NftRule rule : chain.rules()) {
                lines.add("    " + rule.body() + " comment \"" + rule.tag() + "\"");
            }
            lines.add("  }");
        }
        lines.add("}");
        return lines;
    }

    /** Collects the parts' contributions; a name given twice is a programming error. */
    public static final class Builder {
        private final String name;
        private final Map<String, NftSet> sets = new LinkedHashMap<>();
        private final Map<String, NftChain> chains = new LinkedHashMap<>();

        Builder(String name) {
            this.name = name;
        }

        public Builder set(NftSet set) {
            if (sets.putIfAbsent(set.name(), set) != null) {
                throw new IllegalStateException("two parts of the firewall declare set " + set.name());
            }
            return this;
        }

        public Builder chain(NftChain chain) {
            if (chains.putIfAbsent(chain.name(), chain) != null) {
                throw new IllegalStateException("two parts of the firewall declare chain " + chain.name());
            }
            return this;
        }

        NftTable build() {
            return new NftTable(name, sets, chains);
        }
    }
}
