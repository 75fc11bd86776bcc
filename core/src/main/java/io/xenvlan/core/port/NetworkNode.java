package io.xenvlan.core.port;

import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.NetworkToServe;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The network node capability: it serves VLAN networks with a leg on the trunk carrying the
 * gateway and DHCP server addresses, the gateway (forwarding, SNAT) and one DHCP server per
 * network that hands each VM the address the IPAM chose.
 */
public interface NetworkNode extends AutoCloseable {

    /**
     * Makes {@code network} served (idempotent): VLAN leg, addresses, gateway rules, and a DHCP
     * server started with {@code hosts} and its lease file seeded from {@code leases}.
     *
     * @throws io.xenvlan.core.error.BackendFailureException when a tool of the node fails
     */
    void serve(Network network, List<HostEntry> hosts, List<ActiveLease> leases);

    /**
     * Replaces the host entries the network's DHCP server serves: one atomic rewrite and one
     * reload when they changed, and an immediate release of the lease of every removed entry.
     *
     * @return true when the DHCP server was reloaded
     * @throws io.xenvlan.core.error.NotFoundException when the network is not served here
     */
    boolean publish(long networkId, List<HostEntry> hosts);

    /**
     * Publishes only what changed since the last publication of the network: {@code upserted}
     * entries are new or replace the entry of their address, {@code released} addresses are no
     * longer served; {@code all} gives every entry now. A node that holds its entries applies just
     * the changes; the default publishes {@code all} as {@link #publish} does.
     *
     * @return true when the DHCP server was given new entries or reloaded
     */
    default boolean publishChanges(long networkId, List<HostEntry> upserted, List<Ipv4Address> released,
                                   Supplier<List<HostEntry>> all) {
        return publish(networkId, all.get());
    }

    /**
     * Serves many networks at once ({@link #serve} for each); a node that batches its work does
     * it in a few commands whatever their number.
     *
     * @return why, by network id, for each network that could not be served (the others are)
     */
    default Map<Long, RuntimeException> serveAll(List<NetworkToServe> networks) {
        Map<Long, RuntimeException> failed = new HashMap<>();
        for (NetworkToServe n : networks) {
            try {
                serve(n.network(), n.hosts(), n.leases());
            } catch (RuntimeException e) {
                failed.put(n.network().id(), e);
            }
        }
        return failed;
    }

    /** Ends a network's service here: DHCP server stopped, gateway rules and leg removed. */
    void tearDown(long networkId);

    /**
     * Ends many networks' service at once ({@link #tearDown} for each).
     *
     * @return why, by network id, for each network whose teardown failed
     */
    default Map<Long, RuntimeException> tearDownAll(Collection<Long> networkIds) {
        Map<Long, RuntimeException> failed = new HashMap<>();
        for (long id : networkIds) {
            try {
                tearDown(id);
            } catch (RuntimeException e) {
                failed.put(id, e);
            }
        }
        return failed;
    }

    /** Ids of the networks served now. */
    Set<Long> served();

    /** Stops every DHCP server; leaves legs and rules in place for the next start. */
    @Override
    void close();
}
