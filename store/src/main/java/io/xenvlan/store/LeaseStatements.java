package io.xenvlan.store;

import static io.xenvlan.store.Rows.NETWORK_COLUMNS;

import io.xenvlan.core.netnode.Handoff;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
            if (Jdbc.update(c, "UPDATE network_nodes SET renewed_ms = ?, ttl_ms = ?, max_networks = ?, away = FALSE WHERE name = ?",
                    now, ttl.toMillis(), max, node) == 0) {
                Jdbc.update(c, "INSERT INTO network_nodes (name, started_ms, renewed_ms, ttl_ms, max_networks) VALUES (?, ?, ?, ?, ?)",
                        node, now, now, ttl.toMillis(), max);
            }
            Map<Long, Long> held = epochs(c, node);
            boolean draining = draining(c, node);
            long fair = draining ? 0 : fairShare(c, now);
            boolean takeable = !draining && held.size() < Math.min(max, fair)
                    && Jdbc.first(c, "SELECT 1 FROM networks n WHERE " + TAKEABLE, rs -> 1, node, now).isPresent();
            // read only when above the share: an even spread costs a renewal nothing more
            boolean overloaded = !draining && held.size() > fair + 1 && !receivers(c, node, now, fair).isEmpty();
            return new LeaseRenewal(Instant.ofEpochMilli(now), held, takeable, draining, overloaded);
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
            boolean draining = draining(c, node);
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

    /**
     * What {@code node} gives up above its fair share plus one (a draining node: everything), at most
     * {@code limit} networks, the highest VLANs first (takes go lowest first), each to the live, undrained node that holds the
     * fewest below its fair share and its {@code max} (counted as the offers are made; by name on a tie).
     */
    List<Handoff> surplus(String node, int limit) {
        return tx.unstamped(c -> {
            long now = storeMillis(c);
            boolean draining = draining(c, node);
            long fair = fairShare(c, now); // over the live, undrained nodes: a draining node is not one of them
            Map<Long, Long> held = epochs(c, node);
            long excess = draining ? held.size() : held.size() - (fair + 1);
            Map<String, Receiver> room = receivers(c, node, now, fair);
            if (excess <= 0 || room.isEmpty()) {
                return List.of();
            }
            List<Long> highestFirst = Jdbc.list(c, "SELECT id FROM networks WHERE host = ? AND project_id IS NOT NULL"
                    + " ORDER BY vlan DESC, id DESC", rs -> rs.getLong(1), node);
            List<Handoff> offers = new ArrayList<>();
            for (long id : highestFirst) {
                if (offers.size() >= Math.min(excess, limit)) {
                    break;
                }
                Optional<Receiver> to = room.values().stream().filter(Receiver::hasRoom)
                        .min(Comparator.comparingLong(Receiver::held).thenComparing(Receiver::name));
                if (to.isEmpty()) {
                    break;
                }
                room.put(to.get().name(), to.get().withOneMore());
                offers.add(new Handoff(id, held.get(id), to.get().name()));
            }
            return offers;
        });
    }

    /**
     * Moves each offered network to its receiver in one conditional update that raises its epoch
     * and stamps it (the receiver wakes as for any change of its networks): only if {@code node}
     * still holds it at the epoch offered, and the receiver is live, undrained and below its {@code max}.
     */
    List<Long> handOff(String node, List<Handoff> handoffs) {
        if (handoffs.isEmpty()) {
            return List.of();
        }
        return tx.stamped(c -> {
            long now = storeMillis(c);
            List<Long> moved = new ArrayList<>();
            for (Handoff h : handoffs) {
                if (Jdbc.update(c, "UPDATE networks SET host = ?, lease_epoch = lease_epoch + 1, change_seq = " + tx.dialect().stamp()
                        + " WHERE id = ? AND host = ? AND lease_epoch = ? AND project_id IS NOT NULL AND EXISTS (SELECT 1 FROM network_nodes r"
                        + " WHERE r.name = ? AND r.renewed_ms + r.ttl_ms >= ? AND r.draining = FALSE AND r.away = FALSE AND r.max_networks > (SELECT COUNT(*)"
                        + " FROM networks m WHERE m.host = r.name AND m.project_id IS NOT NULL))",
                        h.to(), h.networkId(), node, h.epoch(), h.to(), now) == 1) {
                    moved.add(h.networkId());
                }
            }
            return moved;
        });
    }

    /**
     * Holds {@code node}'s lease for {@code grace} from now without renewals (it stopped and left its
     * networks served, {@code netnode.on-shutdown = leave}), marked away: no network is handed to it.
     */
    void holdAway(String node, Duration grace) {
        tx.unstamped(c -> Jdbc.update(c, "UPDATE network_nodes SET renewed_ms = ?, ttl_ms = ?, away = TRUE WHERE name = ?",
                storeMillis(c), grace.toMillis(), node));
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
            return Jdbc.list(c, "SELECT name, started_ms, renewed_ms, ttl_ms, max_networks, draining, away FROM network_nodes ORDER BY name", rs -> {
                long renewed = rs.getLong("renewed_ms");
                long ttl = rs.getLong("ttl_ms");
                return new NodeStatus(rs.getString("name"), Instant.ofEpochMilli(rs.getLong("started_ms")), Instant.ofEpochMilli(renewed),
                        Duration.ofMillis(ttl), Duration.ofMillis(Math.max(0, now - renewed)), renewed + ttl >= now,
                        rs.getBoolean("draining"), rs.getBoolean("away"), rs.getInt("max_networks"), networks.getOrDefault(rs.getString("name"), List.of()));
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

    /**
     * A node that may receive networks.
     *
     * @param held the networks it holds, counting the offers made to it so far
     * @param most the most it should hold: its fair share, or its {@code max} when lower
     */
    private record Receiver(String name, long held, long most) {
        boolean hasRoom() {
            return held < most;
        }

        Receiver withOneMore() {
            return new Receiver(name, held + 1, most);
        }
    }

    /**
     * The live, undrained nodes other than {@code node}, and not away, holding fewer networks than their fair share
     * and their {@code max}, by name.
     */
    private static Map<String, Receiver> receivers(Connection c, String node, long now, long fair) throws SQLException {
        Map<String, Receiver> room = new TreeMap<>();
        List<Receiver> live = Jdbc.list(c, "SELECT h.name, h.max_networks, (SELECT COUNT(*) FROM networks n WHERE n.host = h.name"
                + " AND n.project_id IS NOT NULL) FROM network_nodes h WHERE h.name <> ? AND h.renewed_ms + h.ttl_ms >= ?"
                + " AND h.draining = FALSE AND h.away = FALSE",
                rs -> new Receiver(rs.getString(1), rs.getLong(3), Math.min(fair, rs.getLong(2))), node, now);
        live.stream().filter(Receiver::hasRoom).forEach(r -> room.put(r.name(), r));
        return room;
    }

    /** Whether {@code node} is draining (false for a node without a row). */
    private static boolean draining(Connection c, String node) throws SQLException {
        return Jdbc.first(c, "SELECT draining FROM network_nodes WHERE name = ?", rs -> rs.getBoolean(1), node).orElse(false);
    }

    /** The store's clock now, in epoch milliseconds. */
    private static long storeMillis(Connection c) throws SQLException {
        return Jdbc.first(c, "SELECT CURRENT_TIMESTAMP", rs -> rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli())
                .orElseThrow();
    }
}
