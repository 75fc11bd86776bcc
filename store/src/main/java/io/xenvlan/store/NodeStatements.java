package io.xenvlan.store;

import static io.xenvlan.store.Rows.NETWORK_COLUMNS;

import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.ChangeMarks;
import io.xenvlan.core.netnode.HostChanges;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.netnode.NodeChanges;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.netnode.PublicationState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The network node's side of the store (see {@link io.xenvlan.core.port.NetworkNodeStore}). */
final class NodeStatements {
    /** A VIF's host name: its guest profile's (V37) when it has one, else its instance id (sanitised when read). */
    private static final String WITH_PROFILE = " LEFT JOIN guest_profiles g ON g.vif_uuid = fixed_ips.vif_uuid";
    private static final String HOSTNAME = "COALESCE(g.hostname, fixed_ips.instance_id) AS host_name";

    /** dnsmasq's lease time when an event does not tell the expiry (nova's dhcp_lease_time). */
    static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(86_400);

    private final Transactions tx;
    private final AddressBook book;

    NodeStatements(Transactions tx, AddressBook book) {
        this.tx = tx;
        this.book = book;
    }

    List<Network> claimNetworks(String node) {
        return tx.unstamped(c -> {
            Jdbc.update(c, "UPDATE networks SET host = ? WHERE project_id IS NOT NULL AND host IS NULL", node);
            return Jdbc.list(c, "SELECT " + NETWORK_COLUMNS + " FROM networks WHERE host = ? AND project_id IS NOT NULL ORDER BY vlan",
                    Rows::network, node);
        });
    }

    /** Claims unclaimed networks (lowest VLAN first) only while {@code node} holds fewer than {@code max}. */
    List<Network> claimNetworks(String node, int max) {
        return tx.unstamped(c -> {
            long held = Jdbc.first(c, "SELECT COUNT(*) FROM networks WHERE host = ? AND project_id IS NOT NULL",
                    rs -> rs.getLong(1), node).orElse(0L);
            if (held < max) {
                Jdbc.update(c, "UPDATE networks SET host = ? WHERE host IS NULL AND id IN (SELECT id FROM networks"
                        + " WHERE project_id IS NOT NULL AND host IS NULL ORDER BY vlan LIMIT ?)", node, max - held);
            }
            return Jdbc.list(c, "SELECT " + NETWORK_COLUMNS + " FROM networks WHERE host = ? AND project_id IS NOT NULL ORDER BY vlan",
                    Rows::network, node);
        });
    }

    List<Long> unclaimedNetworks() {
        return tx.unstamped(c -> Jdbc.list(c, "SELECT id FROM networks WHERE project_id IS NOT NULL AND host IS NULL ORDER BY vlan",
                rs -> rs.getLong(1)));
    }

    /** Ids per statement of the bulk reads (a bounded IN list). */
    private static final int CHUNK = 500;

    /** The entries of many networks, a few statements in one transaction (by the networks' index, not per network). */
    Map<Long, List<HostEntry>> hostEntries(Collection<Long> networkIds) {
        return byNetwork(networkIds, "SELECT fixed_ips.network_id, address, mac, " + HOSTNAME
                + " FROM fixed_ips" + WITH_PROFILE + " WHERE allocated = TRUE AND fixed_ips.network_id IN ",
                NodeStatements::hostEntry);
    }

    Map<Long, List<ActiveLease>> activeLeases(Collection<Long> networkIds) {
        return byNetwork(networkIds, "SELECT fixed_ips.network_id, address, mac, " + HOSTNAME
                + ", lease_expires FROM fixed_ips" + WITH_PROFILE + " WHERE allocated = TRUE AND leased = TRUE AND fixed_ips.network_id IN ", NodeStatements::activeLease);
    }

    private <T> Map<Long, List<T>> byNetwork(Collection<Long> networkIds, String select, Jdbc.RowMapper<T> row) {
        List<Long> ids = List.copyOf(networkIds);
        return tx.unstamped(c -> {
            Map<Long, List<T>> all = new HashMap<>();
            ids.forEach(id -> all.put(id, new ArrayList<>()));
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                String in = chunk.stream().map(id -> "?").collect(Collectors.joining(", ", "(", ")"));
                Jdbc.list(c, select + in + " ORDER BY 1, 2", rs -> { // network, address
                    all.get(rs.getLong(1)).add(row.map(rs));
                    return null;
                }, chunk.toArray());
            }
            return all;
        });
    }

    List<HostEntry> hostEntries(long networkId) {
        return tx.unstamped(c -> Jdbc.list(c, "SELECT address, mac, " + HOSTNAME + " FROM fixed_ips" + WITH_PROFILE + " WHERE "
                        + Rows.IN_NETWORK + " AND allocated = TRUE ORDER BY address", NodeStatements::hostEntry, networkId, networkId));
    }

    /**
     * Rows of the network stamped in (after, upTo] (PostgreSQL through the change_seq index, H2
     * through the network's primary-key range: H2 keeps allocations at one index write), the
     * releases whose row went (stamps in address_releases), and the count of allocated rows
     * stamped up to upTo. An address released and allocated again within the window is reported
     * allocated only: its row is its state now.
     */
    private HostChanges hostChanges(Connection c, long networkId, long after, long upTo) throws SQLException {
        List<HostEntry> allocated = new ArrayList<>();
        List<Ipv4Address> released = new ArrayList<>();
        Jdbc.list(c, "SELECT address, mac, " + HOSTNAME + ", allocated FROM fixed_ips" + WITH_PROFILE
                + " WHERE change_seq > ? AND change_seq <= ? AND " + Rows.IN_NETWORK, rs -> {
                    if (rs.getBoolean("allocated")) {
                        allocated.add(hostEntry(rs));
                    } else {
                        released.add(Rows.address(rs.getLong("address")));
                    }
                    return null;
                }, after, upTo, networkId, networkId);
        Set<Ipv4Address> now = allocated.stream().map(HostEntry::address).collect(Collectors.toSet());
        for (long gone : Jdbc.list(c, "SELECT address FROM address_releases WHERE change_seq > ? AND change_seq <= ? AND "
                + Rows.IN_NETWORK, rs -> rs.getLong(1), after, upTo, networkId, networkId)) {
            if (!now.contains(Rows.address(gone))) {
                released.add(Rows.address(gone));
            }
        }
        long count = Jdbc.first(c, "SELECT COUNT(*) FROM fixed_ips WHERE " + Rows.IN_NETWORK
                + " AND allocated = TRUE AND change_seq <= ?", rs -> rs.getLong(1), networkId, networkId, upTo).orElse(0L);
        return new HostChanges(allocated, released, count);
    }

    private static HostEntry hostEntry(ResultSet rs) throws SQLException {
        return new HostEntry(new MacAddress(rs.getLong("mac")), Hostname.sanitize(rs.getString("host_name")),
                Rows.address(rs.getLong("address")));
    }

    List<ActiveLease> activeLeases(long networkId) {
        return tx.unstamped(c -> Jdbc.list(c, "SELECT address, mac, " + HOSTNAME + ", lease_expires FROM fixed_ips" + WITH_PROFILE
                        + " WHERE " + Rows.IN_NETWORK + " AND allocated = TRUE AND leased = TRUE ORDER BY address",
                NodeStatements::activeLease, networkId, networkId));
    }

    private static ActiveLease activeLease(ResultSet rs) throws SQLException {
        return new ActiveLease(new MacAddress(rs.getLong("mac")), Rows.address(rs.getLong("address")),
                Hostname.sanitize(rs.getString("host_name")), Jdbc.instant(rs, "lease_expires").orElse(Instant.EPOCH));
    }

    long changeSequence() {
        return tx.exclusive(this::marks).sequence();
    }

    /**
     * The marks and the host changes of every network behind them, in one transaction that on
     * H2 holds the exclusive change lock: no writer is in flight, so every stamp up to the
     * sequence is committed and visible, and the reads do not compete with writers for the processor.
     */
    NodeChanges changes(Map<Long, Long> since) {
        return tx.exclusive(c -> {
            ChangeMarks marks = marks(c);
            Map<Long, HostChanges> hosts = new HashMap<>();
            long from = since.values().stream().mapToLong(Long::longValue).min().orElse(marks.sequence());
            if (from >= marks.sequence()) {
                return new NodeChanges(marks, hosts);
            }
            // which networks changed at all, in one statement: a node holding a thousand networks reads
            // the changes of the few that changed, not a count of each
            Set<Long> touched = changedNetworks(c, from, marks.sequence());
            for (Map.Entry<Long, Long> e : since.entrySet()) {
                if (e.getValue() < marks.sequence() && touched.contains(e.getKey())) {
                    hosts.put(e.getKey(), hostChanges(c, e.getKey(), e.getValue(), marks.sequence()));
                }
            }
            return new NodeChanges(marks, hosts);
        });
    }

    /** Networks with an address row or a release stamped in (after, upTo]. */
    private static Set<Long> changedNetworks(Connection c, long after, long upTo) throws SQLException {
        Set<Long> touched = new HashSet<>(Jdbc.list(c, "SELECT DISTINCT network_id FROM fixed_ips WHERE change_seq > ? AND change_seq <= ?",
                rs -> rs.getLong(1), after, upTo));
        touched.addAll(Jdbc.list(c, "SELECT DISTINCT n.id FROM address_releases r JOIN networks n"
                + " ON r.address BETWEEN n.first_address AND n.last_address WHERE r.change_seq > ? AND r.change_seq <= ?",
                rs -> rs.getLong(1), after, upTo));
        return touched;
    }

    /** The highest committed stamp overall and of the networks' own changes. */
    private ChangeMarks marks(Connection c) throws SQLException {
        long bound = Jdbc.first(c, tx.dialect().safeChangeBound(), rs -> rs.getLong(1)).orElseThrow();
        long networks = 0;
        for (String table : List.of("networks", "network_deletions")) {
            networks = Math.max(networks, maxStamp(c, table, bound));
        }
        Optional<String> position = tx.dialect().changeSequencePosition();
        long sequence = position.isPresent() ? Jdbc.first(c, position.get(), rs -> rs.getLong(1)).orElse(0L)
                : Math.max(maxStamp(c, "fixed_ips", bound), maxStamp(c, "address_releases", bound));
        return new ChangeMarks(Math.max(networks, sequence), networks);
    }

    private static long maxStamp(Connection c, String table, long bound) throws SQLException {
        return Jdbc.first(c, "SELECT MAX(change_seq) FROM " + table + " WHERE change_seq < ?", rs -> rs.getLong(1), bound)
                .orElse(0L);
    }

    void recordLeaseEvent(LeaseEvent e) {
        recordLeaseEvents(List.of(e));
    }

    /** Every event in one transaction, in order (a del after an add of one lease ends it). */
    void recordLeaseEvents(List<LeaseEvent> events) {
        List<Freed> freed = tx.unstamped(c -> {
            List<Freed> out = new ArrayList<>();
            for (LeaseEvent e : events) {
                record(c, e).ifPresent(out::add);
            }
            return out;
        });
        freed.forEach(f -> book.known(f.networkId()).ifPresent(free -> free.freed(f.address())));
    }

    /** A released address whose row a lease's del removed. */
    private record Freed(long networkId, long address) {}

    private static Optional<Freed> record(Connection c, LeaseEvent e) throws SQLException {
        long address = Rows.value(e.address());
        if (e.action() == LeaseAction.DEL) {
            // a released address is free as soon as its lease is gone: its row goes
            String released = " FROM fixed_ips WHERE address = ? AND mac = ? AND allocated = FALSE AND reserved = FALSE";
            Optional<Long> network = Jdbc.first(c, "SELECT network_id" + released, rs -> rs.getLong(1), address, e.mac().bits());
            if (network.isPresent() && Jdbc.update(c, "DELETE" + released, address, e.mac().bits()) == 1) {
                return Optional.of(new Freed(network.get(), address));
            }
            Jdbc.update(c, "UPDATE fixed_ips SET leased = FALSE, lease_expires = NULL WHERE address = ? AND mac = ?",
                    address, e.mac().bits());
        } else {
            Instant expires = e.expires().orElse(e.at().plus(DEFAULT_LEASE_TIME));
            Jdbc.update(c, "UPDATE fixed_ips SET leased = TRUE, lease_expires = ? WHERE address = ? AND mac = ?",
                    expires, address, e.mac().bits());
        }
        return Optional.empty();
    }

    void markPublished(long networkId, long sequence) {
        tx.unstamped(c -> Jdbc.update(c, "UPDATE network_publications SET published = ? WHERE network_id = ? AND published < ?",
                sequence, networkId, sequence));
    }

    /** Every confirmation in one transaction. */
    void markPublished(Map<Long, Long> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        tx.unstamped(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE network_publications SET published = ? WHERE network_id = ? AND published < ?")) {
                for (Map.Entry<Long, Long> e : sequences.entrySet()) {
                    ps.setLong(1, e.getValue());
                    ps.setLong(2, e.getKey());
                    ps.setLong(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    void markRefused(Map<Long, String> refusals) {
        if (refusals.isEmpty()) {
            return;
        }
        tx.unstamped(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE network_publications SET refusal = ? WHERE network_id = ?")) {
                for (Map.Entry<Long, String> e : refusals.entrySet()) {
                    ps.setString(1, e.getValue().length() > 500 ? e.getValue().substring(0, 500) : e.getValue());
                    ps.setLong(2, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    void clearRefused(Collection<Long> networkIds) {
        List<Long> ids = List.copyOf(networkIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String in = chunk.stream().map(id -> "?").collect(Collectors.joining(", ", "(", ")"));
            tx.unstamped(c -> Jdbc.update(c, "UPDATE network_publications SET refusal = NULL WHERE refusal IS NOT NULL AND network_id IN "
                    + in, chunk.toArray()));
        }
    }

    PublicationState publicationState(long networkId) {
        return tx.unstamped(c -> Jdbc.first(c, "SELECT published, refusal FROM network_publications WHERE network_id = ?",
                rs -> new PublicationState(rs.getLong(1), Optional.ofNullable(rs.getString(2))), networkId))
                .orElse(new PublicationState(0, Optional.empty()));
    }

    long publishedSequence(long networkId) {
        return tx.unstamped(c -> Jdbc.first(c, "SELECT published FROM network_publications WHERE network_id = ?",
                rs -> rs.getLong(1), networkId).orElse(0L));
    }
}
