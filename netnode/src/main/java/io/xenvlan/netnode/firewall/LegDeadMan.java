package io.xenvlan.netnode.firewall;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.LineSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's dead-man switch in the kernel: its legs send nothing (no ARP, no IP: neither the
 * gateway's answers nor dnsmasq's, nor forwarded packets), and its floating addresses answer
 * nothing on any interface, unless the node said, less than a given time ago, that it still holds
 * its lease. Two tables of their own in the node's namespace, {@code ip xenvlan_alive} and {@code
 * arp xenvlan_alive}, each with a set {@code alive} whose one element (the legs' link type) the node
 * adds with a timeout after each lease renewal: the time left until the node's watchdog would fence
 * it; and a set {@code floating} of the floating addresses the node put on its public interfaces. A
 * node process that dies (kill -9, OOM) stops refreshing, the element times out in the kernel and
 * every leg and floating address goes silent before the lease can expire in the store, so a node
 * that takes the networks never answers beside a leftover of this one (its legs, gateway addresses,
 * dnsmasq, floating addresses). Kept apart from {@code ip xenvlan}, which {@link NodeFirewall}
 * replaces whole (that would drop the element).
 *
 * <p>Refreshes go to one {@code nft -e -i} kept running in the namespace (each line one
 * transaction, echoed when it applied): a process per renewal, 40 a minute, cost more CPU than the
 * rest of an idle node at 1,000 networks. A session that fails (or a runner that cannot hold one)
 * falls back to one {@code nft -f -} per refresh; the session is killed first, so nothing asked of
 * it applies after the fallback.
 */
public final class LegDeadMan {
    /** No switch: a node without a lease, a node only reporting, or a driver whose legs share no prefix. */
    public static final LegDeadMan NONE = new LegDeadMan(null, Optional.empty(), "");

    private static final Logger LOG = LoggerFactory.getLogger(LegDeadMan.class);
    static final String TABLE = "xenvlan_alive";
    private static final List<String> FAMILIES = List.of("ip", "arp");
    /** How long the kept {@code nft} may take to say it applied a refresh before it is killed and a process does it. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    /**
     * Sessions in a row that ended or answered wrongly (not merely late) after which every refresh is
     * a process of its own (an {@code nft} without {@code -i}).
     */
    static final int SESSION_ATTEMPTS = 3;

    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final String legPrefix;
    private LineSession session; // guarded by this
    private int sessionFailures; // guarded by this

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
    public synchronized void install() {
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
            script.add("  set floating {");
            script.add("    type ipv4_addr");
            script.add("  }");
            script.add("  chain out {");
            script.add("    type filter hook output priority filter - 10; policy accept;");
            script.add("    oifname \"" + legPrefix + "*\" meta oiftype != @alive drop comment \"node not alive\"");
            // the node's own answers from a floating address: ARP replies and announcements, and IP
            script.add("    " + family + " saddr" + (family.equals("arp") ? " ip" : "")
                    + " @floating meta oiftype != @alive drop comment \"floating address, node not alive\"");
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
        closeSession(); // a session from before answers for tables that are gone
        runner.check(nft(script));
    }

    /**
     * The legs (and floating addresses) may send for {@code validFor} from now (nothing, at once,
     * when it is not above zero). Returns once the kernel holds it.
     */
    public synchronized void refresh(Duration validFor) {
        if (runner == null) {
            return;
        }
        if (validFor.toMillis() <= 0) {
            runner.check(nft(FAMILIES.stream().map(f -> "flush set " + f + " " + TABLE + " alive").toList()));
            return;
        }
        List<String> script = new ArrayList<>();
        for (String family : FAMILIES) {
            script.add("flush set " + family + " " + TABLE + " alive");
            script.add("add element " + family + " " + TABLE + " alive { ether timeout " + validFor.toMillis() + "ms }");
        }
        // one line is one transaction: the set is never empty between the flush and the add
        if (!askSession(String.join("; ", script), FAMILIES.size())) {
            runner.check(nft(script));
        }
    }

    /**
     * The floating addresses this node holds on its interfaces now (all of them, replacing the
     * previous ones): they answer only while the switch is refreshed.
     */
    public synchronized void floating(Collection<Ipv4Address> addresses) {
        if (runner == null) {
            return;
        }
        List<String> script = new ArrayList<>();
        String elements = addresses.stream().map(Ipv4Address::toString).sorted().distinct().collect(Collectors.joining(", "));
        for (String family : FAMILIES) {
            script.add("flush set " + family + " " + TABLE + " floating");
            if (!elements.isEmpty()) {
                script.add("add element " + family + " " + TABLE + " floating { " + elements + " }");
            }
        }
        runner.check(nft(script));
    }

    /** Removes the switch: the legs send whatever happens to the node ({@code netnode.on-shutdown = leave}). */
    public synchronized void remove() {
        if (runner == null) {
            return;
        }
        closeSession();
        List<String> script = new ArrayList<>();
        FAMILIES.forEach(family -> dropTable(script, family));
        runner.check(nft(script));
    }

    /** Ends the kept {@code nft} (the tables stay, and time out by themselves). */
    public synchronized void close() {
        closeSession();
    }

    /** True when the kept {@code nft} applied {@code line} (it echoes each element it added). */
    private boolean askSession(String line, int added) {
        if (sessionFailures >= SESSION_ATTEMPTS) {
            return false;
        }
        try {
            if (session == null) {
                session = runner.open(Command.change("nft", "-e", "-i").in(netns)).orElse(null);
                if (session == null) {
                    sessionFailures = SESSION_ATTEMPTS; // this runner cannot keep a program open
                    return false;
                }
            }
            List<String> answers = session.ask(line, added, ANSWER_WITHIN);
            if (answers.stream().allMatch(a -> a.startsWith("add element "))) {
                sessionFailures = 0;
                return true;
            }
            LOG.warn("the dead-man switch's nft answered {} to a refresh; refreshing with a process instead", answers);
        } catch (RuntimeException e) {
            LOG.warn("the dead-man switch's nft session failed ({}); refreshing with a process instead", e.getMessage());
            if (e instanceof BackendFailureException b && b.errorCode().equals("TIMEOUT")) {
                closeSession(); // slow (a loaded machine), not broken: a new session next time
                return false;
            }
        }
        closeSession(); // killed and waited for: what it was asked cannot apply after the process's refresh
        if (++sessionFailures == SESSION_ATTEMPTS) {
            LOG.warn("the dead-man switch refreshes with one nft process each from now on ({} sessions failed in a row)",
                    SESSION_ATTEMPTS);
        }
        return false;
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private Command nft(List<String> script) {
        return Command.change("nft", "-f", "-").withInput(script).in(netns);
    }

    /** Deletes the family's table, whether it exists or not (created empty first: one transaction either way). */
    private static void dropTable(List<String> script, String family) {
        script.add("table " + family + " " + TABLE);
        script.add("delete table " + family + " " + TABLE);
    }
}
