package io.xenvlan.store;

import static io.xenvlan.store.Rows.NETWORK_COLUMNS;

import io.xenvlan.core.netnode.LeaseRenewal;
import io.xenvlan.core.netnode.LeasedNetworks;
import io.xenvlan.core.netnode.NodeStatus;
import io.xenvlan.core.network.Network;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Network nodes' leases (migration V35): a node renews its row in {@code network_nodes}; a network
 * belongs to its {@code host} while the host's lease lasts. A network whose host is absent,
 * unknown or expired is taken by a live node with room, its {@code lease_epoch} raised
 * in the same conditional update, so two nodes racing for it cannot both win and the node that had
 * it sees at its next renewal that it lost it. Every time is the store's clock, so nodes on
 * machines whose clocks differ agree on expiry.
 */
final class LeaseStatements {
    /**
     * A network another node may take: it has a project, and its host is none, or a node (never
     * {@code ?} itself) that is unknown or whose lease expired. A draining node's networks are not
     * takeable: the node gives them up itself once it stopped serving them (two nodes never serve one).
     */
    private static final String TAKEABLE = "n.project_id IS NOT NULL AND (n.host IS NULL OR (n.host <> ? AND NOT EXISTS ("
            + "SELECT 1 FROM network_nodes h WHERE h.name = n.host AND h.renewed_ms + h.ttl_ms >= ?)))";

    private final Transactions tx;

    LeaseStatements(Transactions tx) {
        this.tx = tx;
    }

    LeaseRenewal renew(String node, Duration ttl, int max) {
        return tx.unstamped(c -> {
            long now = storeMillis(c);
            if (Jdbc.update(c, "UPDATE network_nodes SET renewed_ms = ?, ttl_ms = ?, max_networks = ? WHERE name = ?",
                    now, ttl.toMillis(), max, node) == 0) {
                Jdbc.update(c, "INSERT INTO network_nodes (name, started_ms, renewed_ms, ttl_ms, max_networks) VALUES (?, ?, ?, ?, ?)",
                        node, now, now, ttl.toMillis(), max);
            }
            Map<Long, Long> held = epochs(c, node);
            boolean draining = Jdbc.first(c, "SELECT draining FROM network_nodes WHERE name = ?", rs -> rs.getBoolean(1), node)
                    .orElse(false);
            boolean takeable = !draining && held.size() < Math.min(max, fairShare(c, now))
                    && Jdbc.first(c, "SELECT 1 FROM networks n WHERE " + TAKEABLE, rs -> 1, node, now).isPresent();
            return new LeaseRenewal(Instant.ofEpochMilli(now), held, takeable, draining);
        });
    }

    /**
     * The networks {@code node} holds, after taking (lowest VLAN first) takeable networks while it
     * holds fewer than its fair share (every network with a project over the live nodes, rounded up)
     * and fewer than {@code max}. A draining node takes nothing.
     */
    LeasedNetworks claim(String node, int max) {
        return tx.unstamped(c -> {
            long now = storeMillis(c);
            boolean draining = Jdbc.first(c, "SELECT draining FROM network_nodes WHERE name = ?", rs -> rs.getBoolean(1), node)
                    .orElse(false);
            long held = Jdbc.first(c, "SELECT COUNT(*) FROM networks WHERE host = ? AND project_id IS NOT NULL",
                    rs -> rs.getLong(1), node).orElse(0L);
            long room = draining ? 0 : Math.min(max, fairShare(c, now)) - held;
            if (room > 0) {
                record Candidate(long id, String host) {}
                List<Candidate> candidates = Jdbc.list(c, "SELECT n.id, n.host FROM networks n WHERE " + TAKEABLE
                        + " ORDER BY n.vlan LIMIT ?", rs -> new Candidate(rs.getLong(1), rs.getString(2)), node, now, room);
                for (Candidate k : candidates) {
                    // taken only if still as seen: a racing node that took it first changed its host
                    String sameHost = k.host() == null ? "host IS NULL" : "host = ? AND NOT EXISTS (SELECT 1 FROM network_nodes h"
                            + " WHERE h.name = networks.host AND h.renewed_ms + h.ttl_ms >= ?)";
                    Object[] params = k.host() == null ? new Object[] {node, k.id()} : new Object[] {node, k.id(), k.host(), now};
                    Jdbc.update(c, "UPDATE networks SET host = ?, lease_epoch = lease_epoch + 1 WHERE id = ? AND project_id IS NOT NULL AND "
                            + sameHost, params);
                }
            }
            List<Network> networks = Jdbc.list(c, "SELECT " + NETWORK_COLUMNS + " FROM networks WHERE host = ? AND project_id IS NOT NULL"
                    + " ORDER BY vlan", Rows::network, node);
            return new LeasedNetworks(networks, epochs(c, node));
        });
    }

    /** Ends the node's lease now (its row stays, expired, for the node list). */
    void end(String node) {
        tx.unstamped(c -> Jdbc.update(c, "UPDATE network_nodes SET renewed_ms = 0 WHERE name = ?", node));
    }

    /** Gives up networks {@code node} holds (it stopped serving them: drained), for other nodes to take at once. */
    void release(String node, Collection<Long> networkIds) {
        if (networkIds.isEmpty()) {
            return;
        }
        tx.unstamped(c -> {
            for (long id : networkIds) {
                Jdbc.update(c, "UPDATE networks SET host = NULL, lease_epoch = lease_epoch + 1 WHERE id = ? AND host = ?", id, node);
            }
            return null;
        });
    }

    /**
     * Marks a node draining (it gives its networks up at its next renewal, and takes none), or not.
     * @return false when no node of that name ever renewed a lease
     */
    boolean drain(String node, boolean draining) {
        return tx.unstamped(c -> Jdbc.update(c, "UPDATE network_nodes SET draining = ? WHERE name = ?", draining, node) == 1);
    }

    /** Every node that ever renewed a lease, by name, with its networks. */
    List<NodeStatus> nodes() {
        return tx.unstamped(c -> {
            long now = storeMillis(c);
            Map<String, List<Long>> networks = new HashMap<>();
            Jdbc.list(c, "SELECT host, id FROM networks WHERE host IS NOT NULL AND project_id IS NOT NULL ORDER BY id", rs -> {
                networks.computeIfAbsent(rs.getString(1), h -> new ArrayList<>()).add(rs.getLong(2));
                return null;
            });
            return Jdbc.list(c, "SELECT name, started_ms, renewed_ms, ttl_ms, max_networks, draining FROM network_nodes ORDER BY name", rs -> {
                long renewed = rs.getLong("renewed_ms");
                long ttl = rs.getLong("ttl_ms");
                return new NodeStatus(rs.getString("name"), Instant.ofEpochMilli(rs.getLong("started_ms")), Instant.ofEpochMilli(renewed),
                        Duration.ofMillis(ttl), Duration.ofMillis(Math.max(0, now - renewed)), renewed + ttl >= now,
                        rs.getBoolean("draining"), rs.getInt("max_networks"), networks.getOrDefault(rs.getString("name"), List.of()));
            });
        });
    }

    /** The networks {@code node} holds and their epochs. */
    private static Map<Long, Long> epochs(Connection c, String node) throws SQLException {
        Map<Long, Long> epochs = new LinkedHashMap<>();
        Jdbc.list(c, "SELECT id, lease_epoch FROM networks WHERE host = ? AND project_id IS NOT NULL ORDER BY id", rs -> {
            epochs.put(rs.getLong(1), rs.getLong(2));
            return null;
        }, node);
        return epochs;
    }

    /** Every network with a project over the live, undrained nodes, rounded up (the caller counts as live: it just renewed). */
    private static long fairShare(Connection c, long now) throws SQLException {
        long total = Jdbc.first(c, "SELECT COUNT(*) FROM networks WHERE project_id IS NOT NULL", rs -> rs.getLong(1)).orElse(0L);
        long live = Jdbc.first(c, "SELECT COUNT(*) FROM network_nodes WHERE renewed_ms + ttl_ms >= ? AND draining = FALSE",
                rs -> rs.getLong(1), now).orElse(0L);
        return (total + Math.max(1, live) - 1) / Math.max(1, live);
    }

    /** The store's clock now, in epoch milliseconds. */
    private static long storeMillis(Connection c) throws SQLException {
        return Jdbc.first(c, "SELECT CURRENT_TIMESTAMP", rs -> rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli())
                .orElseThrow();
    }
}
