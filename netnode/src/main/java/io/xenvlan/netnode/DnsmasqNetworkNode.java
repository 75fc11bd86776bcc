package io.xenvlan.netnode;

import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.NetworkNode;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.dnsmasq.DnsmasqFleet;
import io.xenvlan.netnode.plumbing.IptablesGateway;
import io.xenvlan.netnode.plumbing.VlanPlumbing;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The network node: a leg per network from the plumbing driver, the gateway's rules, one dnsmasq per network. */
public final class DnsmasqNetworkNode implements NetworkNode {
    private static final Logger LOG = LoggerFactory.getLogger(DnsmasqNetworkNode.class);

    private final VlanPlumbing plumbing;
    private final IptablesGateway gateway;
    private final DnsmasqFleet fleet;
    private final Map<Long, Network> networks = new ConcurrentHashMap<>();

    public DnsmasqNetworkNode(VlanPlumbing plumbing, IptablesGateway gateway, DnsmasqFleet fleet) {
        this.plumbing = plumbing;
        this.gateway = gateway;
        this.fleet = fleet;
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
            gateway.remove(network, plumbing.legName(network));
            plumbing.removeLeg(network);
            LOG.info("stopped serving network {} ({}, vlan {})", networkId, network.cidr(), network.vlan());
        }
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
