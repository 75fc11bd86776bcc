package io.xenvlan.netnode.plumbing;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the node's own packets need on the OVS userspace datapath: a packet the node sends on a leg
 * (dnsmasq's DHCP replies) leaves the veth with a partial checksum, which the datapath forwards as
 * is and DHCP clients drop. One rule fills the checksum in for every leg ({@code -o <prefix>g+},
 * iptables' {@code CHECKSUM} target, which nftables does not have), instead of an {@code ethtool}
 * process per leg turning its checksum offload off: a thousand processes at a cold start. It
 * covers packets of one segment (DHCP, DNS, short TCP answers); a service of the node that sends
 * large TCP segments on the legs needs their segmentation offload off as well.
 */
final class ChecksumFill {
    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final List<String> rule;

    ChecksumFill(CommandRunner runner, Optional<NamespaceName> netns, String legPrefix) {
        this.runner = runner;
        this.netns = netns;
        this.rule = List.of("POSTROUTING", "-o", legPrefix + "+", "-j", "CHECKSUM", "--checksum-fill");
    }

    /** Adds the rule unless it is there (idempotent). */
    void ensure() {
        if (!present()) {
            runner.check(iptables("-A", false));
        }
    }

    /** Whether the rule is in place (a query). */
    boolean present() {
        return runner.run(iptables("-C", true)).ok();
    }

    private Command iptables(String op, boolean query) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "10", "-t", "mangle", op));
        argv.addAll(rule);
        return new Command(argv, query).in(netns);
    }

    /** The rule as an operator reads it. */
    String describe() {
        return "iptables -t mangle " + String.join(" ", rule).replaceFirst("^POSTROUTING", "-A POSTROUTING");
    }
}
