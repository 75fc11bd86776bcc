package io.xenvlan.store;

import static io.xenvlan.store.Rows.NETWORK_COLUMNS;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.ipam.NetworkLayout;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.NetworkCarver;
import io.xenvlan.core.port.NewNetwork;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.DnsDomain;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Network creation, lookup, deletion and project association. */
final class NetworkStatements {
    private final Transactions tx;
    private final Dialect dialect;
    private final Clock clock;
    private final AddressBook book;

    NetworkStatements(Transactions tx, Clock clock, AddressBook book) {
        this.tx = tx;
        this.book = book;
        this.dialect = tx.dialect();
        this.clock = clock;
    }

    List<Network> create(NetworkCarver carver) {
        return create(carver, false);
    }

    /** As above; with {@code autoFloating}, the networks are marked auto-floating in the same transaction. */
    List<Network> create(NetworkCarver carver, boolean autoFloating) {
        return tx.stamped(c -> {
            // the lock row serializes creations: the carver's overlap / VLAN checks and the MAC blocks cannot race
            Jdbc.first(c, "SELECT name FROM store_locks WHERE name = 'network-create' FOR UPDATE", rs -> 1);
            List<Network> existing = Jdbc.list(c, "SELECT " + NETWORK_COLUMNS + " FROM networks ORDER BY vlan", Rows::network);
            List<NewNetwork> planned = carver.carve(existing);
            for (NewNetwork n : planned) {
                FloatingPoolStatements.refuseOverlap(c, n.layout().cidr(), "cidr");
            }
            List<Long> macBases = Macs.place(Jdbc.list(c, "SELECT mac_base, last_address - first_address + 1 FROM networks",
                    rs -> new Macs.Block(rs.getLong(1), rs.getLong(2))), planned.stream().map(n -> n.layout().cidr().size()).toList());
            List<Network> created = new ArrayList<>();
            for (int i = 0; i < planned.size(); i++) {
                NewNetwork n = planned.get(i);
                long id = insert(c, n, macBases.get(i));
                Jdbc.update(c, "INSERT INTO network_owners (id, project_id) VALUES (?, ?)", id, n.project().map(ProjectId::value).orElse(null));
                insertReserved(c, id, n.layout());
                Jdbc.update(c, "INSERT INTO network_publications (network_id, published) VALUES (?, 0)", id);
                if (autoFloating) {
                    Jdbc.update(c, "INSERT INTO floating_auto_networks (network_id) VALUES (?)", id);
                }
                created.add(byId(c, id).orElseThrow());
            }
            return created;
        });
    }

    private long insert(Connection c, NewNetwork n, long macBase) throws SQLException {
        Cidr cidr = n.layout().cidr();
        return Jdbc.insertReturningId(c, "INSERT INTO networks (uuid, label, cidr, first_address, last_address, gateway, "
                        + "dhcp_server, dhcp_start, dns1, dns2, dns_domain, vlan, bridge, bridge_interface, mtu, project_id, change_seq, "
                        + "created_at, mac_base) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + dialect.stamp() + ", ?, ?)",
                UUID.randomUUID(), n.label().value(), cidr.toString(), Rows.value(cidr.network()), Rows.value(cidr.broadcast()),
                Rows.value(n.layout().gateway()), Rows.value(n.layout().dhcpServer()), Rows.value(n.layout().dhcpStart()),
                n.dns1().map(Rows::value).orElse(null), n.dns2().map(Rows::value).orElse(null),
                n.dnsDomain().map(DnsDomain::value).orElse(null),
                n.vlan().value(), n.bridge().value(), n.bridgeInterface().value(), n.mtu(),
                n.project().map(ProjectId::value).orElse(null), clock.instant(), macBase);
    }

    /** Network, gateway, DHCP server and broadcast: rows in state reserved, so no allocation can take them. */
    private static void insertReserved(Connection c, long networkId, NetworkLayout layout) throws SQLException {
        for (Ipv4Address a : layout.reserved()) {
            Jdbc.update(c, "INSERT INTO fixed_ips (address, network_id, reserved, allocated, leased, change_seq) "
                    + "VALUES (?, ?, TRUE, FALSE, FALSE, 0)", Rows.value(a), networkId);
        }
    }

    List<Network> all() {
        return tx.unstamped(c -> Jdbc.list(c, "SELECT " + NETWORK_COLUMNS + " FROM networks ORDER BY vlan", Rows::network));
    }

    Optional<Network> find(long id) {
        return tx.unstamped(c -> byId(c, id));
    }

    Optional<Network> ofProject(ProjectId project) {
        return tx.unstamped(c -> ofProject(c, project, ""));
    }

    static Optional<Network> byId(Connection c, long id) throws SQLException {
        return Jdbc.first(c, "SELECT " + NETWORK_COLUMNS + " FROM networks WHERE id = ?", Rows::network, id);
    }

    static Optional<Network> ofProject(Connection c, ProjectId project, String lockClause) throws SQLException {
        return Jdbc.first(c, "SELECT " + NETWORK_COLUMNS + " FROM networks WHERE project_id = ? " + lockClause,
                Rows::network, project.value());
    }

    void delete(long id) {
        tx.exclusive(c -> {
            // the network row first: allocations in flight hold it key-share (PostgreSQL), so they end first
            // and later ones wait and then find it gone; on H2 no writer of this store is open now
            Network n = Jdbc.first(c, "SELECT " + NETWORK_COLUMNS + " FROM networks WHERE id = ? FOR UPDATE", Rows::network, id)
                    .orElseThrow(() -> new NotFoundException("network", Long.toString(id)));
            lockOwner(c, id);
            refuseWhileVifs(c, n, "delete");
            refuseWhileAllocated(c, n, "delete");
            Jdbc.update(c, "DELETE FROM network_owners WHERE id = ?", id);
            for (String table : List.of("fixed_ips", "address_releases", "legacy_macs")) {
                Jdbc.update(c, "DELETE FROM " + table + " WHERE " + Rows.IN_NETWORK, id, id);
            }
            Jdbc.update(c, "DELETE FROM networks WHERE id = ?", id);
            Jdbc.update(c, "INSERT INTO network_deletions (network_id, change_seq) VALUES (?, " + dialect.stamp() + ")", id);
            return null;
        });
        book.forgetNetwork(id);
    }

    /** Waits for the allocations in flight in the network (they key-share lock its owner row on PostgreSQL) and keeps new ones out. */
    private static void lockOwner(Connection c, long networkId) throws SQLException {
        Jdbc.first(c, "SELECT id FROM network_owners WHERE id = ? FOR UPDATE", rs -> 1, networkId);
    }

    /** Sets the owner allocations check (network_owners) along with networks.project_id. */
    private static void setOwner(Connection c, long networkId, String project) throws SQLException {
        Jdbc.update(c, "UPDATE network_owners SET project_id = ? WHERE id = ?", project, networkId);
    }

    /** Refuses while VIFs of xenvlan are on the network (attached, or on their way in or out), naming one. */
    private static void refuseWhileVifs(Connection c, Network n, String action) throws SQLException {
        long count = Jdbc.first(c, "SELECT COUNT(*) FROM xen_vifs WHERE network_id = ?", rs -> rs.getLong(1), n.id()).orElse(0L);
        if (count == 0) {
            return;
        }
        String[] one = Jdbc.first(c, "SELECT v.vif_uuid, v.vm_uuid, p.name FROM xen_vifs v JOIN xen_pools p ON p.id = v.pool_id"
                + " WHERE v.network_id = ? ORDER BY v.created_at, v.vif_uuid", rs -> new String[] {rs.getString(1), rs.getString(2),
                rs.getString(3)}, n.id()).orElseThrow();
        throw new ConflictException("network: cannot " + action + " '" + n.label() + "' while " + count + " VIF" + (count == 1 ? "" : "s")
                + " of xenvlan " + (count == 1 ? "is" : "are") + " on it (VIF " + one[0] + " of VM " + one[1] + " on pool " + one[2]
                + (count > 1 ? ", and others" : "") + "); detach them first",
                Map.of("field", "network", "rule", "no-vifs", "network", n.label().value(), "vifs", count, "vif", one[0],
                        "vm", one[1], "pool", one[2]));
    }

    /** Refuses when any address of the network is allocated (the caller holds the network row). */
    private static void refuseWhileAllocated(Connection c, Network n, String action) throws SQLException {
        long count = Jdbc.first(c, "SELECT COUNT(*) FROM fixed_ips WHERE " + Rows.IN_NETWORK + " AND allocated = TRUE",
                rs -> rs.getLong(1), n.id(), n.id()).orElse(0L);
        if (count > 0) {
            throw new ConflictException("network: cannot " + action + " '" + n.label() + "' while " + count
                    + " of its addresses are allocated (release them first)",
                    Map.of("field", "network", "rule", "no-allocations", "network", n.label().value(), "allocated", count));
        }
    }

    Network associate(ProjectId project, Optional<Long> networkId) {
        return tx.stamped(c -> {
            Optional<Network> owned = ofProject(c, project, "");
            if (owned.isPresent()) {
                if (networkId.isPresent() && networkId.get() != owned.get().id()) {
                    throw new ConflictException("project: " + project + " already has network '" + owned.get().label() + "'",
                            Map.of("field", "project", "rule", "one-network", "network", owned.get().label().value()));
                }
                return owned.get();
            }
            return networkId.isPresent() ? claimRequested(c, project, networkId.get()) : claimFree(c, project);
        });
    }

    private Network claimRequested(Connection c, ProjectId project, long networkId) throws SQLException {
        Network n = Jdbc.first(c, "SELECT " + NETWORK_COLUMNS + " FROM networks WHERE id = ? FOR UPDATE", Rows::network, networkId)
                .orElseThrow(() -> new NotFoundException("network", Long.toString(networkId)));
        if (n.project().isPresent()) {
            throw new ConflictException("network: '" + n.label() + "' already belongs to project " + n.project().get(),
                    Map.of("field", "network", "rule", "free", "network", n.label().value()));
        }
        setOwner(c, networkId, project.value());
        return Jdbc.first(c, dialect.returning("UPDATE networks SET project_id = ?, change_seq = " + dialect.stamp()
                + " WHERE id = ?", NETWORK_COLUMNS), Rows::network, project.value(), networkId).orElseThrow();
    }

    /**
     * Gives the project the unowned network with the lowest VLAN. Racing claims queue on that row
     * (no SKIP LOCKED: a claim for the same project must see the winner's network, not take the
     * next one); a loser for the same project hits the unique constraint and retries, finding it.
     */
    Network claimFree(Connection c, ProjectId project) throws SQLException {
        String pick = "SELECT id FROM " + dialect.pickFrom("networks", "ix_networks_free") + " WHERE project_id IS NULL"
                + dialect.pickOrder("project_id, vlan") + " LIMIT 1 FOR UPDATE";
        String update = "UPDATE networks SET project_id = ?, change_seq = " + dialect.stamp() + " WHERE id = ";
        Optional<Network> claimed;
        if (dialect.locksInSubqueries()) {
            claimed = Jdbc.first(c, dialect.returning(update + "(" + pick + ") AND project_id IS NULL", NETWORK_COLUMNS),
                    Rows::network, project.value());
        } else {
            Optional<Long> id = Jdbc.first(c, pick, rs -> rs.getLong(1));
            claimed = id.isEmpty() ? Optional.empty()
                    : Jdbc.first(c, dialect.returning(update + "?", NETWORK_COLUMNS), Rows::network, project.value(), id.get());
        }
        // one statement, one snapshot: it sees a racing claim for this project either committed or not at all
        if (claimed.isEmpty() && Jdbc.first(c, "SELECT id FROM networks WHERE project_id IS NULL OR project_id = ? LIMIT 1",
                rs -> 1, project.value()).isPresent()) {
            throw new SQLTransientException("free networks are being claimed", "40001");
        }
        Network network = claimed.orElseThrow(() -> new ExhaustedException("project: no free network for project " + project,
                Map.of("field", "project", "rule", "free-network", "project", project.value())));
        setOwner(c, network.id(), project.value());
        return network;
    }

    Network disassociate(ProjectId project) {
        Network freed = tx.exclusive(c -> {
            // locked first, as in delete: allocations in flight end first, later ones find the network gone
            Network n = ofProject(c, project, "FOR UPDATE").orElseThrow(() -> new NotFoundException("project", project.value()));
            lockOwner(c, n.id());
            refuseWhileVifs(c, n, "disassociate");
            refuseWhileAllocated(c, n, "disassociate");
            setOwner(c, n.id(), null);
            return Jdbc.first(c, dialect.returning("UPDATE networks SET project_id = NULL, host = NULL, change_seq = "
                    + dialect.stamp() + " WHERE id = ?", NETWORK_COLUMNS), Rows::network, n.id()).orElseThrow();
        });
        book.forgetNetwork(freed.id());
        return freed;
    }
}
