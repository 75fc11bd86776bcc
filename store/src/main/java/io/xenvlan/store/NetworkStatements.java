package io.xenvlan.store;

import static io.xenvlan.store.Rows.NETWORK_COLUMNS;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.ipam.NetworkLayout;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.store.NetworkCarver;
import io.xenvlan.core.store.NewNetwork;
import io.xenvlan.core.value.Cidr;
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

    NetworkStatements(Transactions tx, Clock clock) {
        this.tx = tx;
        this.dialect = tx.dialect();
        this.clock = clock;
    }

    List<Network> create(NetworkCarver carver) {
        return tx.write(c -> {
            // the lock row serializes creations: the carver's overlap / VLAN checks cannot race
            Jdbc.first(c, "SELECT name FROM store_locks WHERE name = 'network-create' FOR UPDATE", rs -> 1);
            List<Network> existing = Jdbc.list(c, "SELECT " + NETWORK_COLUMNS + " FROM networks ORDER BY vlan", Rows::network);
            List<Network> created = new ArrayList<>();
            for (NewNetwork n : carver.carve(existing)) {
                long id = insert(c, n);
                insertFixedIps(c, id, n.layout(), n.project());
                Jdbc.update(c, "INSERT INTO network_publications (network_id, published) VALUES (?, 0)", id);
                created.add(byId(c, id).orElseThrow());
            }
            return created;
        });
    }

    private long insert(Connection c, NewNetwork n) throws SQLException {
        Cidr cidr = n.layout().cidr();
        return Jdbc.insertReturningId(c, "INSERT INTO networks (uuid, label, cidr, first_address, last_address, gateway, "
                        + "dhcp_server, dhcp_start, dns1, dns2, vlan, bridge, bridge_interface, mtu, project_id, change_seq, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + dialect.stamp() + ", ?)",
                UUID.randomUUID(), n.label().value(), cidr.toString(), Rows.value(cidr.network()), Rows.value(cidr.broadcast()),
                Rows.value(n.layout().gateway()), Rows.value(n.layout().dhcpServer()), Rows.value(n.layout().dhcpStart()),
                n.dns1().map(Rows::value).orElse(null), n.dns2().map(Rows::value).orElse(null),
                n.vlan().value(), n.bridge().value(), n.bridgeInterface().value(), n.mtu(),
                n.project().map(ProjectId::value).orElse(null), clock.instant());
    }

    /** Every address of the network in one statement (a generated series), the reserved ones flagged. */
    private void insertFixedIps(Connection c, long networkId, NetworkLayout layout, Optional<ProjectId> project) throws SQLException {
        Cidr cidr = layout.cidr();
        List<Object> params = new ArrayList<>(List.of(networkId));
        layout.reserved().forEach(a -> params.add(Rows.value(a)));
        params.add(project.map(ProjectId::value).orElse(null));
        params.add(Rows.value(cidr.network()));
        params.add(Rows.value(cidr.broadcast()));
        Jdbc.update(c, "INSERT INTO fixed_ips (network_id, address, reserved, allocated, leased, change_seq, project_id) "
                + "SELECT ?, s.x, s.x IN (?, ?, ?, ?), FALSE, FALSE, 0, ? FROM " + dialect.series("x") + " ORDER BY s.x",
                params.toArray());
    }

    List<Network> all() {
        return tx.read(c -> Jdbc.list(c, "SELECT " + NETWORK_COLUMNS + " FROM networks ORDER BY vlan", Rows::network));
    }

    Optional<Network> find(long id) {
        return tx.read(c -> byId(c, id));
    }

    Optional<Network> ofProject(ProjectId project) {
        return tx.read(c -> ofProject(c, project, ""));
    }

    static Optional<Network> byId(Connection c, long id) throws SQLException {
        return Jdbc.first(c, "SELECT " + NETWORK_COLUMNS + " FROM networks WHERE id = ?", Rows::network, id);
    }

    static Optional<Network> ofProject(Connection c, ProjectId project, String lockClause) throws SQLException {
        return Jdbc.first(c, "SELECT " + NETWORK_COLUMNS + " FROM networks WHERE project_id = ? " + lockClause,
                Rows::network, project.value());
    }

    void delete(long id) {
        tx.write(c -> {
            // fixed IPs first, then the network: the order allocations lock them in, so no deadlock
            Network n = byId(c, id).orElseThrow(() -> new NotFoundException("network", Long.toString(id)));
            refuseWhileAllocated(c, n, "delete");
            Jdbc.first(c, "SELECT id FROM networks WHERE id = ? FOR UPDATE", rs -> 1, id)
                    .orElseThrow(() -> new NotFoundException("network", Long.toString(id)));
            Jdbc.update(c, "DELETE FROM fixed_ips WHERE " + Rows.IN_NETWORK, id, id);
            Jdbc.update(c, "DELETE FROM networks WHERE id = ?", id);
            Jdbc.update(c, "INSERT INTO network_deletions (network_id, change_seq) VALUES (?, " + dialect.stamp() + ")", id);
            return null;
        });
    }

    /**
     * Locks every fixed IP of the network, so allocations in flight finish first and new ones
     * cannot claim one, then refuses when any is allocated.
     */
    private static void refuseWhileAllocated(Connection c, Network n, String action) throws SQLException {
        List<Boolean> allocated = Jdbc.list(c, "SELECT allocated FROM fixed_ips WHERE " + Rows.IN_NETWORK
                + " AND reserved = FALSE FOR UPDATE", rs -> rs.getBoolean(1), n.id(), n.id());
        long count = allocated.stream().filter(a -> a).count();
        if (count > 0) {
            throw new ConflictException("network: cannot " + action + " '" + n.label() + "' while " + count
                    + " of its addresses are allocated (release them first)",
                    Map.of("field", "network", "rule", "no-allocations", "network", n.label().value(), "allocated", count));
        }
    }

    Network associate(ProjectId project, Optional<Long> networkId) {
        return tx.write(c -> {
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
        Network owned = Jdbc.first(c, dialect.returning("UPDATE networks SET project_id = ?, change_seq = " + dialect.stamp()
                + " WHERE id = ?", NETWORK_COLUMNS), Rows::network, project.value(), networkId).orElseThrow();
        return markOwner(c, owned, project.value());
    }

    /** Copies the owner onto the network's fixed IPs, where allocations look for it. */
    private static Network markOwner(Connection c, Network n, String project) throws SQLException {
        Jdbc.update(c, "UPDATE fixed_ips SET project_id = ? WHERE " + Rows.IN_NETWORK, project, n.id(), n.id());
        return n;
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
        return markOwner(c, network, project.value());
    }

    Network disassociate(ProjectId project) {
        return tx.write(c -> {
            Network n = ofProject(c, project, "").orElseThrow(() -> new NotFoundException("project", project.value()));
            refuseWhileAllocated(c, n, "disassociate");
            if (ofProject(c, project, "FOR UPDATE").filter(locked -> locked.id() == n.id()).isEmpty()) {
                throw new SQLTransientException("network of project " + project + " changed", "40001");
            }
            Jdbc.update(c, "UPDATE fixed_ips SET project_id = NULL WHERE " + Rows.IN_NETWORK, n.id(), n.id());
            return Jdbc.first(c, dialect.returning("UPDATE networks SET project_id = NULL, host = NULL, change_seq = "
                    + dialect.stamp() + " WHERE id = ?", NETWORK_COLUMNS), Rows::network, n.id()).orElseThrow();
        });
    }
}
