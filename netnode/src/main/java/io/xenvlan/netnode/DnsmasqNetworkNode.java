package io.xenvlan.netnode;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.NetworkToServe;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.NetworkNode;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.NodeFinding.Kind;
import io.xenvlan.netnode.dnsmasq.DnsmasqFleet;
import io.xenvlan.netnode.exec.Concurrently;
import io.xenvlan.netnode.firewall.GatewayRules;
import io.xenvlan.netnode.firewall.LiveTable;
import io.xenvlan.netnode.firewall.NodeFirewall;
import io.xenvlan.netnode.plumbing.PlumbingState;
import io.xenvlan.netnode.plumbing.VlanPlumbing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network node: a leg per network from the plumbing driver, the gateway's share of the node's
 * packet rules, one dnsmasq per network. Serving, tearing down, checking and repairing many
 * networks costs a few commands in all (batches, one listing per tool, one rules transaction),
 * and dnsmasq processes start and stop in parallel. The leg services (the metadata service, the
 * DNS guard) are added on each leg after its leg and rules are in place.
 */
public final class DnsmasqNetworkNode implements NetworkNode {
    private static final Logger LOG = LoggerFactory.getLogger(DnsmasqNetworkNode.class);
    private static final Set<Kind> LEG_KINDS = EnumSet.of(Kind.LEG_MISSING, Kind.WRONG_TAG, Kind.LEG_DOWN, Kind.ADDRESS_MISSING);
    private static final Set<Kind> RULE_KINDS = EnumSet.of(Kind.GATEWAY_RULE_MISSING, Kind.SERVICE_RULE_MISSING);
    private static final Set<Kind> DNSMASQ_KINDS = EnumSet.of(Kind.DNSMASQ_DOWN, Kind.DNSMASQ_FILES_MISSING, Kind.LEG_MISSING);

    private final VlanPlumbing plumbing;
    private final NodeFirewall firewall;
    private final GatewayRules gateway;
    private final DnsmasqFleet fleet;
    private final List<LegService> services;
    private final Map<Long, Network> networks = new ConcurrentHashMap<>();

    DnsmasqNetworkNode(VlanPlumbing plumbing, NodeFirewall firewall, GatewayRules gateway, DnsmasqFleet fleet) {
        this(plumbing, firewall, gateway, fleet, List.of());
    }

    /** With {@code services} offered on every served network's leg (the metadata service, the DNS guard). */
    DnsmasqNetworkNode(VlanPlumbing plumbing, NodeFirewall firewall, GatewayRules gateway, DnsmasqFleet fleet,
                              List<LegService> services) {
        this.plumbing = plumbing;
        this.firewall = firewall;
        this.gateway = gateway;
        this.fleet = fleet;
        this.services = List.copyOf(services);
        firewall.register(gateway);
        this.services.forEach(firewall::register);
    }

    /**
     * Checks the driver's needs, prepares the trunk, turns forwarding on and puts the node's table
     * of packet rules in place.
     *
     * @throws io.xenvlan.core.error.BackendFailureException saying plainly what is missing
     */
    void start() {
        plumbing.start();
        firewall.start();
        firewall.apply();
    }

    @Override
    public void serve(Network network, List<HostEntry> hosts, List<ActiveLease> leases) {
        RuntimeException failed = serveAll(List.of(new NetworkToServe(network, hosts, leases))).get(network.id());
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Serves the networks: those already served get their settings and hosts re-applied; the new
     * ones get their legs in one batch, the gateway's and the leg services' rules in one
     * transaction, their dnsmasq in parallel.
     */
    @Override
    public synchronized Map<Long, RuntimeException> serveAll(List<NetworkToServe> all) {
        Map<Long, RuntimeException> failed = new HashMap<>();
        List<NetworkToServe> fresh = new ArrayList<>();
        for (NetworkToServe n : all) {
            if (fleet.serves(n.network().id())) {
                try {
                    fleet.publish(n.network(), n.hosts()); // settings that changed (MTU, DNS, router) are re-applied
                    networks.put(n.network().id(), n.network());
                } catch (RuntimeException e) {
                    failed.put(n.network().id(), e);
                }
            } else {
                fresh.add(n);
            }
        }
        if (fresh.isEmpty()) {
            return failed;
        }
        long t0 = System.nanoTime();
        Map<Long, String> legsWrong;
        try {
            legsWrong = plumbing.ensureLegs(fresh.stream().map(NetworkToServe::network).toList());
        } catch (RuntimeException e) { // a tool failed for all of them (OVS unreachable, a batch that timed out)
            fresh.forEach(n -> failed.put(n.network().id(), e));
            return failed;
        }
        long t1 = System.nanoTime();
        List<NetworkToServe> legged = new ArrayList<>();
        for (NetworkToServe n : fresh) {
            String wrong = legsWrong.get(n.network().id());
            if (wrong == null) {
                legged.add(n);
                gateway.add(n.network(), plumbing.legName(n.network()));
                serveServices(n.network());
            } else {
                failed.put(n.network().id(), new BackendFailureException("netnode", "LEG_FAILED",
                        List.of(Long.toString(n.network().id()), wrong), "cannot make the leg of network " + n.network().id()
                        + " (vlan " + n.network().vlan() + "): " + wrong, null));
            }
        }
        try {
            firewall.apply();
        } catch (RuntimeException e) {
            legged.forEach(n -> {
                forgetRules(n.network());
                failed.put(n.network().id(), e);
            });
            return failed;
        }
        long t2 = System.nanoTime();
        Map<Long, RuntimeException> notStarted = fleet.startAll(legged.stream().map(n -> new DnsmasqFleet.Start(n.network(),
                plumbing.legName(n.network()), n.hosts(), n.leases())).toList());
        long t3 = System.nanoTime();
        for (NetworkToServe n : legged) {
            Network network = n.network();
            RuntimeException e = notStarted.get(network.id());
            if (e != null) {
                failed.put(network.id(), e);
                forgetRules(network); // out of the rules at the next apply
            } else {
                networks.put(network.id(), network);
                LOG.info("serving network {} ({}, vlan {}) on {}", network.id(), network.cidr(), network.vlan(),
                        plumbing.legName(network));
            }
        }
        LOG.info("served {} new networks of {} in {} ms: legs {} ms, rules {} ms, dnsmasq {} ms; {} failed", fresh.size() - failed.size(),
                fresh.size(), (t3 - t0) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, failed.size());
        return failed;
    }

    @Override
    public boolean publish(long networkId, List<HostEntry> hosts) {
        return fleet.publish(networkId, hosts);
    }

    @Override
    public boolean publishChanges(long networkId, List<HostEntry> upserted, List<Ipv4Address> released,
                                  Supplier<List<HostEntry>> all) {
        return fleet.publishChanges(networkId, upserted, released);
    }

    @Override
    public void tearDown(long networkId) {
        RuntimeException failed = tearDownAll(List.of(networkId)).get(networkId);
        if (failed != null) {
            throw failed;
        }
    }

    /** Stops the networks' dnsmasq at once, drops them from the rules (theirs and their leg services') in one transaction and their legs in one batch. */
    @Override
    public synchronized Map<Long, RuntimeException> tearDownAll(Collection<Long> networkIds) {
        List<Network> gone = new ArrayList<>();
        for (long id : networkIds) {
            Network network = networks.remove(id);
            gateway.remove(id);
            if (network != null) {
                gone.add(network);
                services.forEach(s -> s.stop(network, plumbing.legName(network)));
            }
        }
        fleet.removeAll(networkIds);
        Map<Long, RuntimeException> failed = new HashMap<>();
        try {
            firewall.apply();
            plumbing.removeLegs(gone);
        } catch (RuntimeException e) {
            gone.forEach(n -> failed.put(n.id(), e));
            return failed;
        }
        gone.forEach(n -> LOG.info("stopped serving network {} ({}, vlan {})", n.id(), n.cidr(), n.vlan()));
        return failed;
    }

    /** The networks this node serves now, as it last served them: the self-check's whole scope. */
    synchronized List<Network> servedNetworks() {
        return networks.values().stream().filter(n -> fleet.serves(n.id())).sorted(Comparator.comparingLong(Network::id)).toList();
    }

    /** The node's interfaces and packet rules now, one listing per tool, all at once (queries only; no lock: publications go on). */
    NodeState read() {
        CompletableFuture<LiveTable> rules = Concurrently.start(firewall::read); // at the same time as the plumbing's listings
        PlumbingState interfaces = plumbing.read();
        return new NodeState(interfaces, Concurrently.join(rules));
    }

    /**
     * What is wrong, in {@code state}, with the networks given that this node serves (queries
     * only): each one's leg, its share of the gateway's rules and its dnsmasq; and the node's
     * table of rules itself (node-wide findings).
     */
    List<NodeFinding> findings(List<Network> served, NodeState state) {
        List<NodeFinding> found = new ArrayList<>();
        state.firewall().missingStructure(firewall.wanted()).forEach(d -> found.add(NodeFinding.ofNode(Kind.GATEWAY_RULE_MISSING, d)));
        found.addAll(plumbing.checkNode(state.plumbing()));
        for (Network network : served) {
            if (!serving(network)) {
                continue;
            }
            found.addAll(plumbing.check(network, state.plumbing()));
            gateway.missing(network, plumbing.legName(network), state.firewall())
                    .forEach(d -> found.add(NodeFinding.of(Kind.GATEWAY_RULE_MISSING, network, d)));
            for (LegService service : services) {
                service.missing(network, plumbing.legName(network), state.firewall())
                        .forEach(rule -> found.add(NodeFinding.of(Kind.SERVICE_RULE_MISSING, network, rule)));
            }
            found.addAll(fleet.check(network.id()));
        }
        return found;
    }

    /** What is wrong with one network this node serves now (nothing for a network not served here). */
    List<NodeFinding> check(Network network) {
        if (!serving(network)) {
            return List.of();
        }
        return findings(List.of(network), read()).stream().filter(f -> !f.nodeWide()).toList();
    }

    /**
     * Puts right what {@link #findings} found, with the steps that serve the networks (all
     * idempotent, batched): their legs, the rules' table, and a fresh start of the dnsmasq that is
     * down, lost a file, or lost its leg (dnsmasq binds to the interface it was started on).
     * Never touches a network that is not served here.
     */
    synchronized void repair(List<NodeFinding> found) {
        Map<Long, Network> byId = new LinkedHashMap<>();
        Map<Long, Set<Kind>> kinds = new HashMap<>();
        boolean rules = false;
        for (NodeFinding f : found) {
            if (f.nodeWide()) {
                rules |= f.kind() == Kind.GATEWAY_RULE_MISSING;
                continue;
            }
            Network network = networks.get(f.network());
            if (network == null || !serving(network)) {
                continue;
            }
            byId.put(network.id(), network);
            kinds.computeIfAbsent(network.id(), id -> EnumSet.noneOf(Kind.class)).add(f.kind());
            rules |= RULE_KINDS.contains(f.kind());
        }
        List<Network> legs = byId.values().stream().filter(n -> kinds.get(n.id()).stream().anyMatch(LEG_KINDS::contains)).toList();
        if (!legs.isEmpty()) {
            plumbing.ensureLegs(legs).forEach((id, why) -> LOG.warn("netnode repair: leg of network {} still wrong: {}", id, why));
        }
        if (rules) {
            byId.values().stream().filter(n -> kinds.get(n.id()).contains(Kind.SERVICE_RULE_MISSING)).forEach(this::serveServices);
            firewall.apply();
            plumbing.ensureNode();
        }
        List<Long> restart = byId.keySet().stream().filter(id -> kinds.get(id).stream().anyMatch(DNSMASQ_KINDS::contains)).toList();
        fleet.restartAll(restart).forEach((id, e) -> LOG.warn("netnode repair: dnsmasq of network {} did not start: {}", id,
                e.getMessage()));
    }

    /** {@link #repair(List)} of one network's findings; nothing for a network not served here. */
    void repair(Network network, List<NodeFinding> found) {
        if (serving(network)) {
            repair(found.stream().filter(f -> f.network() == network.id()).toList());
        }
    }

    /** The network's leg services take part in the node's table from its next apply on. */
    private void serveServices(Network network) {
        services.forEach(s -> s.serve(network, plumbing.legName(network)));
    }

    /** The network leaves the gateway's and its leg services' share of the table at the next apply. */
    private void forgetRules(Network network) {
        gateway.remove(network.id());
        services.forEach(s -> s.stop(network, plumbing.legName(network)));
    }

    /** Served here, as this very network (an id alone could name a network another node took over). */
    private boolean serving(Network network) {
        return network.equals(networks.get(network.id())) && fleet.serves(network.id());
    }

    @Override
    public Set<Long> served() {
        return fleet.served();
    }

    /** The dnsmasq processes, for audits, tests and the benchmark. */
    public DnsmasqFleet fleet() {
        return fleet;
    }

    /** The node's table of packet rules, which other services of the node add their parts to. */
    NodeFirewall firewall() {
        return firewall;
    }

    /** Stops every dnsmasq (all at once); legs and rules stay for the next start. */
    @Override
    public void close() {
        fleet.close();
        closeListings();
    }

    /** Ends the {@code nft} processes the self-check keeps for its reads. */
    void closeListings() {
        firewall.close();
        plumbing.close();
    }
}
