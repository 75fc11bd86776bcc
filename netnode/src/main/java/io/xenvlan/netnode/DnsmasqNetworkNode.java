package io.xenvlan.netnode;

import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.NetworkNode;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.NodeFinding.Kind;
import io.xenvlan.netnode.dnsmasq.DnsmasqFleet;
import io.xenvlan.netnode.plumbing.IptablesGateway;
import io.xenvlan.netnode.plumbing.VlanPlumbing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The network node: a leg per network from the plumbing driver, the gateway's rules, one dnsmasq per network, the leg services. */
public final class DnsmasqNetworkNode implements NetworkNode {
    private static final Logger LOG = LoggerFactory.getLogger(DnsmasqNetworkNode.class);

    private final VlanPlumbing plumbing;
    private final IptablesGateway gateway;
    private final DnsmasqFleet fleet;
    private final List<LegService> services;
    private final Map<Long, Network> networks = new ConcurrentHashMap<>();

    public DnsmasqNetworkNode(VlanPlumbing plumbing, IptablesGateway gateway, DnsmasqFleet fleet) {
        this(plumbing, gateway, fleet, List.of());
    }

    /** With {@code services} offered on every served network's leg (the metadata service). */
    public DnsmasqNetworkNode(VlanPlumbing plumbing, IptablesGateway gateway, DnsmasqFleet fleet, List<LegService> services) {
        this.plumbing = plumbing;
        this.gateway = gateway;
        this.fleet = fleet;
        this.services = List.copyOf(services);
    }

    /**
     * Checks the driver's needs, prepares the trunk, turns forwarding on.
     *
     * @throws io.xenvlan.core.error.BackendFailureException saying plainly what is missing
     */
    public void start() {
        plumbing.start();
        gateway.start();
    }

    @Override
    public synchronized void serve(Network network, List<HostEntry> hosts, List<ActiveLease> leases) {
        if (fleet.serves(network.id())) {
            fleet.publish(network, hosts); // settings that changed (MTU, DNS, router) are re-applied
            networks.put(network.id(), network);
            return;
        }
        InterfaceName leg = plumbing.ensureLeg(network);
        gateway.ensure(network, leg);
        for (LegService service : services) {
            service.serve(network, leg);
        }
        fleet.start(network, leg, hosts, leases);
        networks.put(network.id(), network);
        LOG.info("serving network {} ({}, vlan {}) on {}", network.id(), network.cidr(), network.vlan(), leg);
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
    public synchronized void tearDown(long networkId) {
        Network network = networks.remove(networkId);
        fleet.remove(networkId);
        if (network != null) {
            for (LegService service : services) {
                service.stop(network, plumbing.legName(network));
            }
            gateway.remove(network, plumbing.legName(network));
            plumbing.removeLeg(network);
            LOG.info("stopped serving network {} ({}, vlan {})", networkId, network.cidr(), network.vlan());
        }
    }

    /** The networks this node serves now, as it last served them: the self-check's whole scope. */
    public synchronized List<Network> servedNetworks() {
        return networks.values().stream().filter(n -> fleet.serves(n.id())).sorted(Comparator.comparingLong(Network::id)).toList();
    }

    /**
     * What is wrong with a network this node serves (queries only): its leg, the gateway's rules,
     * its dnsmasq. Nothing for a network that is not served here.
     */
    public synchronized List<NodeFinding> check(Network network) {
        if (!serving(network)) {
            return List.of();
        }
        InterfaceName leg = plumbing.legName(network);
        List<NodeFinding> found = new ArrayList<>(plumbing.check(network));
        gateway.missing(network, leg).forEach(rule -> found.add(NodeFinding.of(Kind.GATEWAY_RULE_MISSING, network, rule)));
        for (LegService service : services) {
            service.missing(network, leg).forEach(rule -> found.add(NodeFinding.of(Kind.SERVICE_RULE_MISSING, network, rule)));
        }
        found.addAll(fleet.check(network.id()));
        return found;
    }

    /**
     * Puts right what {@link #check} found, with the steps that serve the network (all idempotent):
     * the leg's, the gateway's, and a fresh start of its dnsmasq when it is down, lost a file, or
     * its leg was gone (dnsmasq binds to the interface it was started on). Never touches a
     * network that is not served here.
     */
    public synchronized void repair(Network network, List<NodeFinding> found) {
        if (!serving(network) || found.isEmpty()) {
            return;
        }
        Set<Kind> kinds = found.stream().map(NodeFinding::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(Kind.class)));
        InterfaceName leg = plumbing.legName(network);
        if (kinds.contains(Kind.LEG_MISSING) || kinds.contains(Kind.WRONG_TAG) || kinds.contains(Kind.LEG_DOWN)
                || kinds.contains(Kind.ADDRESS_MISSING)) {
            leg = plumbing.ensureLeg(network);
        }
        if (kinds.contains(Kind.GATEWAY_RULE_MISSING)) {
            gateway.ensure(network, leg);
        }
        if (kinds.contains(Kind.SERVICE_RULE_MISSING) || kinds.contains(Kind.LEG_MISSING)) {
            for (LegService service : services) {
                service.serve(network, leg);
            }
        }
        if (kinds.contains(Kind.DNSMASQ_DOWN) || kinds.contains(Kind.DNSMASQ_FILES_MISSING) || kinds.contains(Kind.LEG_MISSING)) {
            fleet.restart(network.id());
        }
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

    @Override
    public void close() {
        fleet.close();
    }
}
