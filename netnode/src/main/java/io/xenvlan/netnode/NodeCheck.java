package io.xenvlan.netnode;

import io.xenvlan.core.network.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network node's self-check, what a Neutron DHCP / L3 agent's resync is to it: for each
 * network the node serves it checks, without changing anything, the leg (on its VLAN, up, with
 * the gateway and DHCP server addresses), the gateway's iptables rules and the network's dnsmasq
 * (running, its files in place); then it re-runs that network's idempotent ensure steps and checks
 * again. One WARN line per finding, one INFO line per network repaired, one WARN per finding left.
 * Only networks the node serves are looked at, so it never changes a network that is not its own.
 */
public final class NodeCheck {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCheck.class);

    /** How one run ended: nothing wrong, everything found put right, or something left (or a failure). */
    public enum Outcome {
        CLEAN, REPAIRED, FAILED;

        /** The metric's label: clean, repaired, failed. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One run: what was found, what is still wrong after the repair, and the outcome. */
    public record Run(List<NodeFinding> found, List<NodeFinding> left, Outcome outcome) {
        public Run {
            found = List.copyOf(found);
            left = List.copyOf(left);
        }
    }

    /** Runs a piece of work where no publication runs ({@link NetworkNodeService#betweenPublications}). */
    public interface Exclusive {
        <T> T run(Supplier<T> work);
    }

    private final DnsmasqNetworkNode node;
    private final NodeCheckStats stats;
    private final Exclusive exclusive;

    public NodeCheck(DnsmasqNetworkNode node, NodeCheckStats stats, Exclusive exclusive) {
        this.node = node;
        this.stats = stats;
        this.exclusive = exclusive;
    }

    /**
     * Checks and repairs every network the node serves now, one network at a time between
     * publications (a publication may run between two networks, never during one's check).
     */
    public Run run() {
        List<NodeFinding> found = new ArrayList<>();
        List<NodeFinding> left = new ArrayList<>();
        boolean failed = false;
        for (Network network : exclusive.run(node::servedNetworks)) {
            try {
                Run one = exclusive.run(() -> checkAndRepair(network));
                found.addAll(one.found());
                left.addAll(one.left());
            } catch (RuntimeException e) {
                failed = true;
                LOG.warn("netnode check failed: network={} vlan={} error={}", network.id(), network.vlan(), e.getMessage());
            }
        }
        Outcome outcome = failed || !left.isEmpty() ? Outcome.FAILED : found.isEmpty() ? Outcome.CLEAN : Outcome.REPAIRED;
        stats.checked(outcome);
        return new Run(found, left, outcome);
    }

    private Run checkAndRepair(Network network) {
        List<NodeFinding> wrong = node.check(network);
        if (wrong.isEmpty()) {
            return new Run(List.of(), List.of(), Outcome.CLEAN);
        }
        wrong.forEach(f -> LOG.warn("netnode check: kind={} network={} vlan={} detail={}", f.kind(), f.network(), f.vlan(),
                f.detail()));
        node.repair(network, wrong);
        List<NodeFinding> still = node.check(network);
        wrong.stream().filter(f -> !still.contains(f)).forEach(f -> stats.repaired(f.kind()));
        if (still.isEmpty()) {
            LOG.info("netnode repaired: network={} vlan={} findings={}", network.id(), network.vlan(), wrong.size());
        }
        still.forEach(f -> LOG.warn("netnode check: still wrong after repair: kind={} network={} vlan={} detail={}", f.kind(),
                f.network(), f.vlan(), f.detail()));
        return new Run(wrong, still, still.isEmpty() ? Outcome.REPAIRED : Outcome.FAILED);
    }
}
