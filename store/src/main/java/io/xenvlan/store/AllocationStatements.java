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

    private final Transactions tx;
    private final Dialect dialect;
    private final NetworkStatements networks;

    AllocationStatements(Transactions tx, NetworkStatements networks) {
        this.tx = tx;
        this.dialect = tx.dialect();
        this.networks = networks;
    }

    Allocation allocate(AllocationRequest r, MacSource macs) {
        MacAddress[] mac = {macs.next()};
        return tx.write(c -> allocateOnce(c, r, mac[0]), e -> {
            if (SqlErrors.uniqueViolation(e, "uq_vifs_mac")) {
                mac[0] = macs.next();
            }
        });
    }

    private Allocation allocateOnce(Connection c, AllocationRequest r, MacAddress mac) throws SQLException {
        if (r.address().isEmpty()) {
            Optional<Allocation> fast = claimAny(c, r, mac);
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
        Optional<Allocation> claimed = claimAny(c, r, mac);
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
    private Optional<Allocation> claimAny(Connection c, AllocationRequest r, MacAddress mac) throws SQLException {
        return dialect.locksInSubqueries() ? claimInOneStatement(c, r, mac) : claimOptimistically(c, r, mac);
    }

    /**
     * PostgreSQL: one statement picks the lowest free address of the project, skipping rows that
     * racing allocations hold, inserts the VIF, claims the address and reads the network. The
     * ownership is a column of the row itself, so a racing disassociation is re-checked on lock.
     */
    private Optional<Allocation> claimInOneStatement(Connection c, AllocationRequest r, MacAddress mac) throws SQLException {
        UUID vifUuid = UUID.randomUUID();
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
     * H2, where FOR UPDATE is neither cached nor honoured in subqueries: pick a free row with a
     * plain read, then claim it by id on the condition that it is still free and the project's;
     * H2 waits for a racing claim of the same row and re-checks. A lost race continues from a
     * point spread by the (random) MAC, so racing allocations stop colliding.
     */
    private Optional<Allocation> claimOptimistically(Connection c, AllocationRequest r, MacAddress mac) throws SQLException {
        String pick = "SELECT f.id, f.network_id, f.address FROM fixed_ips f USE INDEX (ix_fixed_ips_project_pick) WHERE f.project_id = ? AND "
                + FREE + " AND f.address >= ? LIMIT 1";
        String lock = "SELECT f.id FROM fixed_ips f WHERE f.id = ? AND f.project_id = ? AND " + FREE + " FOR UPDATE";
        String take = claim("id = ?");
        long from = 0;
        UUID vifUuid = UUID.randomUUID();
        for (int attempt = 1; attempt <= 64; attempt++) {
            Optional<long[]> row = Jdbc.first(c, pick, rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                    r.project().value(), r.staleBefore(), from);
            if (row.isEmpty()) {
                if (from == 0) {
                    return Optional.empty();
                }
                from = 0;
                continue;
            }
            long networkId = row.get()[1];
            // FOR UPDATE waits for a racing claim of the row and re-checks it; a plain conditional
            // UPDATE proved not to be enough under H2 (two claims of one row were seen to succeed)
            Optional<Long> locked = Jdbc.first(c, lock, rs -> rs.getLong(1), row.get()[0], r.project().value(), r.staleBefore());
            if (locked.isPresent()) {
                long vifId = insertVif(c, vifUuid, mac, networkId, row.get()[2], r);
                Optional<Long> claimed = Jdbc.first(c, take, rs -> rs.getLong(1), vifId, r.instance().value(), mac.bits(), row.get()[0]);
                Network network = NetworkStatements.byId(c, networkId).orElseThrow();
                return Optional.of(new Allocation(vifId, vifUuid, r.instance(), mac, Rows.address(claimed.orElseThrow()), network));
            }
            Cidr cidr = NetworkStatements.byId(c, networkId).orElseThrow().cidr();
            from = Rows.value(cidr.network()) + Math.floorMod((mac.bits() + attempt) * 0x9E3779B97F4A7C15L, cidr.size());
        }
        throw new SQLTransientException("no fixed IP claimed after 64 races for project " + r.project(), "40001");
    }

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
        UUID vifUuid = UUID.randomUUID();
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
