package io.xenvlan.store;

import static io.xenvlan.store.Rows.NETWORK_COLUMNS;

import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.MacAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The network node's side of the store (see {@link io.xenvlan.core.netnode.NetworkNodeStore}). */
final class NodeStatements {
    /** dnsmasq's lease time when an event does not tell the expiry (nova's dhcp_lease_time). */
    static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(86_400);

    private final Transactions tx;
    private final AddressBook book;

    NodeStatements(Transactions tx, AddressBook book) {
        this.tx = tx;
        this.book = book;
    }

    List<Network> claimNetworks(String node) {
        return tx.read(c -> {
            Jdbc.update(c, "UPDATE networks SET host = ? WHERE project_id IS NOT NULL AND host IS NULL", node);
            return Jdbc.list(c, "SELECT " + NETWORK_COLUMNS + " FROM networks WHERE host = ? AND project_id IS NOT NULL ORDER BY vlan",
                    Rows::network, node);
        });
    }

    List<HostEntry> hostEntries(long networkId) {
        return tx.read(c -> Jdbc.list(c, "SELECT address, mac, instance_id FROM fixed_ips WHERE " + Rows.IN_NETWORK
                        + " AND allocated = TRUE ORDER BY address",
                rs -> new HostEntry(new MacAddress(rs.getLong("mac")), Hostname.sanitize(rs.getString("instance_id")),
                        Rows.address(rs.getLong("address"))), networkId, networkId));
    }

    List<ActiveLease> activeLeases(long networkId) {
        return tx.read(c -> Jdbc.list(c, "SELECT address, mac, instance_id, lease_expires FROM fixed_ips WHERE "
                        + Rows.IN_NETWORK + " AND allocated = TRUE AND leased = TRUE ORDER BY address",
                rs -> new ActiveLease(new MacAddress(rs.getLong("mac")), Rows.address(rs.getLong("address")),
                        Hostname.sanitize(rs.getString("instance_id")), Jdbc.instant(rs, "lease_expires").orElse(Instant.EPOCH)),
                networkId, networkId));
    }

    long changeSequence() {
        return tx.exclusive(c -> Jdbc.first(c, tx.dialect().changeSequence(), rs -> rs.getLong(1)).orElse(0L));
    }

    void recordLeaseEvent(LeaseEvent e) {
        long address = Rows.value(e.address());
        Optional<Long> freedIn = tx.read(c -> {
            if (e.action() == LeaseAction.DEL) {
                // a released address is free as soon as its lease is gone: its row goes
                String released = " FROM fixed_ips WHERE address = ? AND mac = ? AND allocated = FALSE AND reserved = FALSE";
                Optional<Long> network = Jdbc.first(c, "SELECT network_id" + released, rs -> rs.getLong(1), address, e.mac().bits());
                if (network.isPresent() && Jdbc.update(c, "DELETE" + released, address, e.mac().bits()) == 1) {
                    return network;
                }
                Jdbc.update(c, "UPDATE fixed_ips SET leased = FALSE, lease_expires = NULL WHERE address = ? AND mac = ?",
                        address, e.mac().bits());
            } else {
                Instant expires = e.expires().orElse(e.at().plus(DEFAULT_LEASE_TIME));
                Jdbc.update(c, "UPDATE fixed_ips SET leased = TRUE, lease_expires = ? WHERE address = ? AND mac = ?",
                        expires, address, e.mac().bits());
            }
            return Optional.empty();
        });
        freedIn.flatMap(book::known).ifPresent(free -> free.freed(address));
    }

    void markPublished(long networkId, long sequence) {
        tx.read(c -> Jdbc.update(c, "UPDATE network_publications SET published = ? WHERE network_id = ? AND published < ?",
                sequence, networkId, sequence));
    }

    long publishedSequence(long networkId) {
        return tx.read(c -> Jdbc.first(c, "SELECT published FROM network_publications WHERE network_id = ?",
                rs -> rs.getLong(1), networkId).orElse(0L));
    }
}
