package io.xenvlan.netnode;

import io.xenvlan.core.network.Network;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network node's self-check, what a Neutron DHCP / L3 agent's resync is to it: it reads the
 * node once, one listing per tool (links, addresses, OVS ports, the rules' table) whatever the
 * number of networks, and finds, for each network the node serves, what is wrong with its leg (on
 * its VLAN, up, with the gateway and DHCP server addresses), its share of the gateway's rules and
 * its dnsmasq (running, its files in place); then it re-runs the idempotent ensure steps of what
 * is wrong, in batches, and reads again. One WARN line per finding, one INFO line per run that
 * repaired, one WARN per finding left. Reading takes no lock (publications go on meanwhile); only
 * the short list of served networks and the repair itself run between publications. Only networks
 * the node serves are looked at, so it never changes a network that is not its own.
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
    interface Exclusive {
        <T> T run(Supplier<T> work);
    }

    private final DnsmasqNetworkNode node;
    private final NodeCheckStats stats;
    private final Exclusive exclusive;

    NodeCheck(DnsmasqNetworkNode node, NodeCheckStats stats, Exclusive exclusive) {
        this.node = node;
        this.stats = stats;
        this.exclusive = exclusive;
    }

    /** Checks every network the node serves now and repairs what is wrong. */
    Run run() {
        List<NodeFinding> wrong;
        List<Network> served;
        try {
            served = exclusive.run(node::servedNetworks);
            wrong = node.findings(served, node.read());
        } catch (RuntimeException e) {
            LOG.warn("netnode check failed: {}", e.getMessage());
            stats.checked(Outcome.FAILED);
            return new Run(List.of(), List.of(), Outcome.FAILED);
        }
        if (wrong.isEmpty()) {
            stats.checked(Outcome.CLEAN);
            return new Run(List.of(), List.of(), Outcome.CLEAN);
        }
        wrong.forEach(f -> LOG.warn("netnode check: kind={} network={} vlan={} detail={}", f.kind(), f.network(), f.vlan(),
                f.detail()));
        List<NodeFinding> still;
        try {
            exclusive.run(() -> {
                node.repair(wrong);
                return null;
            });
            Set<Long> looked = wrong.stream().map(NodeFinding::network).collect(Collectors.toSet());
            still = node.findings(served, node.read()).stream().filter(f -> looked.contains(f.network())).toList();
        } catch (RuntimeException e) {
            LOG.warn("netnode check: repair failed: {}", e.getMessage());
            stats.checked(Outcome.FAILED);
            return new Run(wrong, wrong, Outcome.FAILED);
        }
        wrong.stream().filter(f -> !still.contains(f)).forEach(f -> stats.repaired(f.kind()));
        if (still.isEmpty()) {
            LOG.info("netnode repaired: networks={} findings={}", wrong.stream().map(NodeFinding::network).distinct().count(),
                    wrong.size());
        }
        still.forEach(f -> LOG.warn("netnode check: still wrong after repair: kind={} network={} vlan={} detail={}", f.kind(),
                f.network(), f.vlan(), f.detail()));
        Outcome outcome = still.isEmpty() ? Outcome.REPAIRED : Outcome.FAILED;
        stats.checked(outcome);
        return new Run(wrong, still, outcome);
    }
}
