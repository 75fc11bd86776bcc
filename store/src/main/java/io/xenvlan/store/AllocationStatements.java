package io.xenvlan.store;

import static io.xenvlan.store.Rows.FIXED_IP_COLUMNS;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.ipam.MacSource;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.store.AddressFilter;
import io.xenvlan.core.store.AllocationRequest;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Allocation and release of fixed IPs. An allocation is one short transaction: read the project's
 * network (claiming one on first use), insert the VIF, claim one free pre-populated fixed_ip row
 * with SKIP LOCKED. It never writes the network row, so allocations in one network do not queue.
 */
final class AllocationStatements {
    private static final String FREE = "f.allocated = FALSE AND f.reserved = FALSE AND (f.leased = FALSE OR f.released_at < ?)";
    private static final String NETWORK_COLUMNS_OF_N = Rows.NETWORK_COLUMNS.replaceAll("(\\w+)", "n.$1");

    private static final int CANDIDATES = 8;
    private static final String PICK_H2 = "SELECT f.id AS ip_id, f.address AS ip_address, " + NETWORK_COLUMNS_OF_N
            + " FROM fixed_ips f USE INDEX (ix_fixed_ips_project_pick) JOIN networks n ON n.id = f.network_id"
            + " WHERE f.project_id = ? AND " + FREE + " AND f.address >= ? LIMIT " + CANDIDATES;
    private static final String TAKE_H2 = "UPDATE fixed_ips f SET allocated = TRUE, leased = FALSE, lease_expires = NULL, "
            + "released_at = NULL, vif_id = ?, instance_id = ?, mac = ?, change_seq = " + Dialect.H2.stamp()
            + " WHERE f.id = ? AND f.project_id = ? AND " + FREE;

    private final Transactions tx;
    private final ClaimsInFlight inFlight = new ClaimsInFlight();
    private final Dialect dialect;
    private final NetworkStatements networks;

    AllocationStatements(Transactions tx, NetworkStatements networks) {
        this.tx = tx;
        this.dialect = tx.dialect();
        this.networks = networks;
    }

    Allocation allocate(AllocationRequest r, MacSource macs) {
        MacAddress[] mac = {macs.next()};
        try (ClaimsInFlight.Marks marks = inFlight.marks()) {
            return tx.write(c -> allocateOnce(c, r, mac[0], marks), e -> {
                if (SqlErrors.uniqueViolation(e, "uq_vifs_mac")) {
                    mac[0] = macs.next();
                }
            });
        }
    }

    private Allocation allocateOnce(Connection c, AllocationRequest r, MacAddress mac, ClaimsInFlight.Marks marks) throws SQLException {
        if (r.address().isEmpty()) {
            Optional<Allocation> fast = claimAny(c, r, mac, marks);
            if (fast.isPresent()) {
                return fast.get();
            }
        }
        // the project's first allocation, a requested address, or no free address left
        Network network = NetworkStatements.ofProject(c, r.project(), "").orElse(null);
        if (network == null) {
            network = networks.claimFree(c, r.project());
        }
        if (r.address().isPresent()) {
            return claimRequested(c, network, r, mac);
        }
        Optional<Allocation> claimed = claimAny(c, r, mac, marks);
        if (claimed.isPresent()) {
            return claimed.get();
        }
        stillOwned(c, network, r.project());
        throw new ExhaustedException("address: no free address in network '" + network.label() + "' (" + network.cidr() + ")",
                Map.of("field", "address", "rule", "free-address", "network", network.label().value()));
    }

    private long insertVif(Connection c, UUID uuid, MacAddress mac, long networkId, long address, AllocationRequest r) throws SQLException {
        return Jdbc.insertReturningId(c, "INSERT INTO virtual_interfaces (uuid, mac, network_id, instance_id, created_at, address) "
                + "VALUES (?, ?, ?, ?, ?, ?)", uuid, mac.bits(), networkId, r.instance().value(), r.now(), address);
    }

    private String claim(String where) {
        return dialect.returning("UPDATE fixed_ips SET allocated = TRUE, leased = FALSE, lease_expires = NULL, released_at = NULL, "
                + "vif_id = ?, instance_id = ?, mac = ?, change_seq = " + dialect.stamp() + " WHERE " + where, "address");
    }

    /** A free address of the project's network with a new VIF, or empty when the project has no network or no free address. */
    private Optional<Allocation> claimAny(Connection c, AllocationRequest r, MacAddress mac, ClaimsInFlight.Marks marks)
            throws SQLException {
        return dialect.locksInSubqueries() ? claimInOneStatement(c, r, mac) : claimOptimistically(c, r, mac, marks);
    }

    /**
     * PostgreSQL: one statement picks the lowest free address of the project, skipping rows that
     * racing allocations hold, inserts the VIF, claims the address and reads the network. The
     * ownership is a column of the row itself, so a racing disassociation is re-checked on lock.
     */
    private Optional<Allocation> claimInOneStatement(Connection c, AllocationRequest r, MacAddress mac) throws SQLException {
        UUID vifUuid = Uuids.random();
        String sql = "WITH ip AS (SELECT f.id, f.network_id, f.address FROM fixed_ips f WHERE f.project_id = ? AND " + FREE
                + " ORDER BY f.project_id, f.allocated, f.address LIMIT 1 FOR UPDATE SKIP LOCKED),"
                + " vif AS (INSERT INTO virtual_interfaces (uuid, mac, network_id, instance_id, created_at, address)"
                + " SELECT ?, ?, ip.network_id, ?, ?, ip.address FROM ip RETURNING id),"
                + " upd AS (UPDATE fixed_ips f SET allocated = TRUE, leased = FALSE, lease_expires = NULL, released_at = NULL,"
                + " vif_id = vif.id, instance_id = ?, mac = ?, change_seq = " + dialect.stamp()
                + " FROM ip, vif WHERE f.id = ip.id RETURNING f.address, f.network_id, f.vif_id)"
                + " SELECT upd.address, upd.vif_id, " + NETWORK_COLUMNS_OF_N + " FROM upd JOIN networks n ON n.id = upd.network_id";
        return Jdbc.first(c, sql, rs -> new Allocation(rs.getLong("vif_id"), vifUuid, r.instance(), mac,
                        Rows.address(rs.getLong("address")), Rows.network(rs)),
                r.project().value(), r.staleBefore(), vifUuid, mac.bits(), r.instance().value(), r.now(),
                r.instance().value(), mac.bits());
    }

    /**
     * H2, where FOR UPDATE is neither cached nor honoured in subqueries: read a few free rows of
     * the project with their network, take the first that no other allocation of this process is
     * claiming (lowest first, so one client gets addresses in order), insert its VIF and claim the
     * row by id on the condition that it is still free and the project's. The database arbitrates:
     * the VIF's address is unique (V5), so of two transactions taking one address the second one's
     * VIF insert fails and it goes on to another row, and a row that stopped being free (a racing
     * disassociation) makes the claim update nothing, which rolls back and retries.
     */
    private Optional<Allocation> claimOptimistically(Connection c, AllocationRequest r, MacAddress mac, ClaimsInFlight.Marks marks)
            throws SQLException {
        long from = 0;
        UUID vifUuid = Uuids.random();
        for (int attempt = 1; attempt <= 64; attempt++) {
            Pick pick = pick(c, r, from, marks);
            if (pick.rowsRead() == 0) {
                if (from == 0) {
                    return Optional.empty();
                }
                from = 0;
                continue;
            }
            if (pick.chosen().isEmpty()) {
                // every row read is being claimed by this process: look further on, spread by the (random) MAC
                Cidr cidr = NetworkStatements.byId(c, pick.networkId()).orElseThrow().cidr();
                from = Rows.value(cidr.network()) + Math.floorMod((mac.bits() + attempt) * 0x9E3779B97F4A7C15L, cidr.size());
                continue;
            }
            Candidate row = pick.chosen().get();
            long vifId;
            try {
                vifId = insertVif(c, vifUuid, mac, row.network().id(), row.address(), r);
            } catch (SQLException e) {
                if (SqlErrors.uniqueViolation(e, "uq_vifs_address")) {
                    // claimed and committed since the pick read it; H2 undid this statement only, the transaction goes on
                    continue;
                }
                throw e;
            }
            if (Jdbc.update(c, TAKE_H2, vifId, r.instance().value(), mac.bits(), row.id(), r.project().value(), r.staleBefore()) != 1) {
                throw new SQLTransientException("fixed IP " + Rows.address(row.address()) + " was taken by a racing transaction", "40001");
            }
            return Optional.of(new Allocation(vifId, vifUuid, r.instance(), mac, Rows.address(row.address()), row.network()));
        }
        throw new SQLTransientException("no fixed IP claimed after 64 races for project " + r.project(), "40001");
    }

    /**
     * Reads up to {@link #CANDIDATES} free rows of the project from {@code from} on and marks the
     * first one no other allocation of this process holds; only that row's network is mapped.
     */
    private static Pick pick(Connection c, AllocationRequest r, long from, ClaimsInFlight.Marks marks) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, PICK_H2, r.project().value(), r.staleBefore(), from);
             ResultSet rs = ps.executeQuery()) {
            int read = 0;
            long networkId = 0;
            while (rs.next()) {
                read++;
                networkId = rs.getLong("id");
                long id = rs.getLong("ip_id");
                if (marks.take(id)) {
                    return new Pick(read, networkId, Optional.of(new Candidate(id, rs.getLong("ip_address"), Rows.network(rs))));
                }
            }
            return new Pick(read, networkId, Optional.empty());
        }
    }

    /** What the H2 pick read: how many rows, of which network, and the row it marked for this allocation. */
    private record Pick(int rowsRead, long networkId, Optional<Candidate> chosen) {}

    /** A free fixed IP row taken by the H2 pick. */
    private record Candidate(long id, long address, Network network) {}

    private Allocation claimRequested(Connection c, Network n, AllocationRequest r, MacAddress mac) throws SQLException {
        Ipv4Address wanted = r.address().orElseThrow();
        Optional<FixedIp> row = Jdbc.first(c, "SELECT " + FIXED_IP_COLUMNS + " FROM fixed_ips WHERE address = ? FOR UPDATE",
                Rows::fixedIp, Rows.value(wanted));
        if (row.isEmpty() || row.get().networkId() != n.id()) {
            throw new InvalidInputException("address", "in-network", "address: " + wanted + " is not in network '"
                    + n.label() + "' (" + n.cidr() + ") of project " + r.project());
        }
        FixedIp ip = row.get();
        if (ip.reserved()) {
            throw new InvalidInputException("address", "not-reserved", "address: " + wanted
                    + " is reserved (network, gateway, DHCP server or broadcast of '" + n.label() + "')");
        }
        if (ip.allocated()) {
            throw new ConflictException("address: " + wanted + " is already allocated" + ip.instance().map(i -> " to instance " + i).orElse(""),
                    Map.of("field", "address", "rule", "free", "address", wanted.toString()));
        }
        if (ip.leased() && ip.releasedAt().map(t -> !t.isBefore(r.staleBefore())).orElse(true)) {
            throw new ConflictException("address: " + wanted + " was released but dnsmasq still holds its lease (free after the stale timeout)",
                    Map.of("field", "address", "rule", "free", "address", wanted.toString()));
        }
        stillOwned(c, n, r.project());
        UUID vifUuid = Uuids.random();
        long vifId = insertVif(c, vifUuid, mac, n.id(), Rows.value(wanted), r);
        Jdbc.first(c, claim("address = ?"), rs -> rs.getLong(1), vifId, r.instance().value(), mac.bits(), Rows.value(wanted));
        return new Allocation(vifId, vifUuid, r.instance(), mac, wanted, n);
    }

    /** A concurrent disassociate or delete took the network away: retry, which associates anew. */
    private static void stillOwned(Connection c, Network n, ProjectId project) throws SQLException {
        Optional<Network> now = NetworkStatements.ofProject(c, project, "");
        if (now.isEmpty() || now.get().id() != n.id()) {
            throw new SQLTransientException("network of project " + project + " changed", "40001");
        }
    }

    FixedIp release(Ipv4Address address, Instant now) {
        return tx.write(c -> {
            FixedIp ip = Jdbc.first(c, "SELECT " + FIXED_IP_COLUMNS + " FROM fixed_ips WHERE address = ? FOR UPDATE",
                    Rows::fixedIp, Rows.value(address)).orElseThrow(() -> new NotFoundException("address", address.toString()));
            if (!ip.allocated()) {
                throw new ConflictException("address: " + address + " is not allocated",
                        Map.of("field", "address", "rule", "allocated", "address", address.toString()));
            }
            return releaseRow(c, address, now);
        });
    }

    List<FixedIp> releaseInstance(InstanceId instance, Instant now) {
        return tx.write(c -> {
            List<Long> held = Jdbc.list(c, "SELECT f.address FROM fixed_ips f WHERE f.address IN "
                    + "(SELECT v.address FROM virtual_interfaces v WHERE v.instance_id = ?) AND f.allocated = TRUE AND f.instance_id = ? "
                    + "ORDER BY f.address FOR UPDATE", rs -> rs.getLong(1), instance.value(), instance.value());
            List<FixedIp> released = new ArrayList<>();
            for (long a : held) {
                released.add(releaseRow(c, Rows.address(a), now));
            }
            return released;
        });
    }

    private FixedIp releaseRow(Connection c, Ipv4Address address, Instant now) throws SQLException {
        long vifId = Jdbc.first(c, "SELECT vif_id FROM fixed_ips WHERE address = ?", rs -> rs.getLong(1), Rows.value(address))
                .orElseThrow();
        Jdbc.update(c, "UPDATE fixed_ips SET allocated = FALSE, vif_id = NULL, released_at = ?, change_seq = " + dialect.stamp()
                + " WHERE address = ?", now, Rows.value(address));
        Jdbc.update(c, "DELETE FROM virtual_interfaces WHERE id = ?", vifId);
        return Jdbc.first(c, "SELECT " + FIXED_IP_COLUMNS + " FROM fixed_ips WHERE address = ?", Rows::fixedIp, Rows.value(address))
                .orElseThrow();
    }

    List<FixedIp> addresses(AddressFilter f) {
        StringBuilder sql = new StringBuilder("SELECT " + FIXED_IP_COLUMNS + " FROM fixed_ips WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        f.networkId().ifPresent(id -> {
            sql.append(" AND " + Rows.IN_NETWORK);
            params.add(id);
            params.add(id);
        });
        f.project().ifPresent(p -> {
            sql.append(" AND project_id = ?");
            params.add(p.value());
        });
        f.instance().ifPresent(i -> {
            sql.append(" AND instance_id = ? AND address IN (SELECT address FROM virtual_interfaces WHERE instance_id = ?)");
            params.add(i.value());
            params.add(i.value());
        });
        if (f.inUse()) {
            sql.append(" AND (allocated = TRUE OR leased = TRUE)");
        }
        sql.append(" ORDER BY address");
        return tx.read(c -> Jdbc.list(c, sql.toString(), Rows::fixedIp, params.toArray()));
    }

    int reclaimStale(Instant staleBefore) {
        return tx.read(c -> Jdbc.update(c, "UPDATE fixed_ips SET leased = FALSE, lease_expires = NULL "
                + "WHERE allocated = FALSE AND leased = TRUE AND released_at < ?", staleBefore));
    }
}
