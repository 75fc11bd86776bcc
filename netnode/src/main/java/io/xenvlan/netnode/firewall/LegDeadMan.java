package io.xenvlan.netnode.firewall;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's dead-man switch in the kernel: its legs send nothing (no ARP, no IP: neither the
 * gateway's answers nor dnsmasq's, nor forwarded packets) unless the node said, less than a given
 * time ago, that it still holds its lease. Two tables of their own in the node's namespace,
 * {@code ip xenvlan_alive} and {@code arp xenvlan_alive}, each with a set {@code alive} whose one
 * element (the legs' link type) the node adds with a timeout after each lease renewal: the time
 * left until the node's watchdog would fence it. A node process that dies (kill -9, OOM) stops
 * refreshing, the element times out in the kernel and every leg goes silent before the lease can
 * expire in the store, so a node that takes the networks never answers beside a leftover of this
 * one (its legs, gateway addresses, dnsmasq). Kept apart from {@code ip xenvlan}, which
 * {@link NodeFirewall} replaces whole (that would drop the element).
 */
public final class LegDeadMan {
    /** No switch: a node without a lease, a node only reporting, or a driver whose legs share no prefix. */
    public static final LegDeadMan NONE = new LegDeadMan(null, Optional.empty(), "");

    static final String TABLE = "xenvlan_alive";
    private static final List<String> FAMILIES = List.of("ip", "arp");

    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final String legPrefix;

    private LegDeadMan(CommandRunner runner, Optional<NamespaceName> netns, String legPrefix) {
        this.runner = runner;
        this.netns = netns;
        this.legPrefix = legPrefix;
    }

    /** The switch over every interface of {@code netns} whose name starts with {@code legPrefix}. */
    public static LegDeadMan over(CommandRunner runner, Optional<NamespaceName> netns, String legPrefix) {
        if (!legPrefix.matches("[a-z][a-z0-9]{0,7}")) {
            throw new IllegalArgumentException("leg prefix must be a-z then a-z 0-9, at most 8: " + legPrefix);
        }
        return new LegDeadMan(runner, netns, legPrefix);
    }

    /** Puts both tables in place, empty: the legs are silent until the first {@link #refresh}. */
    public void install() {
        if (runner == null) {
            return;
        }
        List<String> script = new ArrayList<>();
        for (String family : FAMILIES) {
            dropTable(script, family);
            script.add("table " + family + " " + TABLE + " {");
            script.add("  set alive {");
            script.add("    type iface_type");
            script.add("    flags timeout");
            script.add("  }");
            script.add("  chain out {");
            script.add("    type filter hook output priority filter - 10; policy accept;");
            script.add("    oifname \"" + legPrefix + "*\" meta oiftype != @alive drop comment \"node not alive\"");
            script.add("  }");
            if (family.equals("ip")) {
                script.add("  chain through {");
                script.add("    type filter hook forward priority filter - 10; policy accept;");
                script.add("    iifname \"" + legPrefix + "*\" meta iiftype != @alive drop comment \"node not alive, in\"");
                script.add("    oifname \"" + legPrefix + "*\" meta oiftype != @alive drop comment \"node not alive, out\"");
                script.add("  }");
            }
            script.add("}");
        }
        runner.check(Command.change("nft", "-f", "-").withInput(script).in(netns));
    }

    /** The legs may send for {@code validFor} from now (nothing, at once, when it is not above zero). */
    public void refresh(Duration validFor) {
        if (runner == null) {
            return;
        }
        List<String> script = new ArrayList<>();
        for (String family : FAMILIES) {
            script.add("flush set " + family + " " + TABLE + " alive");
            if (validFor.toMillis() > 0) {
                script.add("add element " + family + " " + TABLE + " alive { ether timeout " + validFor.toMillis() + "ms }");
            }
        }
        runner.check(Command.change("nft", "-f", "-").withInput(script).in(netns));
    }

    /** Removes the switch: the legs send whatever happens to the node ({@code netnode.on-shutdown = leave}). */
    public void remove() {
        if (runner == null) {
            return;
        }
        List<String> script = new ArrayList<>();
        FAMILIES.forEach(family -> dropTable(script, family));
        runner.check(Command.change("nft", "-f", "-").withInput(script).in(netns));
    }

    /** Deletes the family's table, whether it exists or not (created empty first: one transaction either way). */
    private static void dropTable(List<String> script, String family) {
        script.add("table " + family + " " + TABLE);
        script.add("delete table " + family + " " + TABLE);
    }
}
