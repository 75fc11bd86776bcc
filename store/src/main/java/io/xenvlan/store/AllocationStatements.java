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
        Network network = NetworkStatements.ofProject(c, r.project(), "").orElse(null);
        if (network == null) {
            network = networks.claimFree(c, r.project());
        }
        UUID vifUuid = UUID.randomUUID();
        long vifId = Jdbc.insertReturningId(c, "INSERT INTO virtual_interfaces (uuid, mac, network_id, instance_id, created_at) "
                + "VALUES (?, ?, ?, ?, ?)", vifUuid, mac.bits(), network.id(), r.instance().value(), r.now());
        Ipv4Address address = r.address().isPresent()
                ? claimRequested(c, network, r, vifId, mac)
                : claimFree(c, network, r, vifId, mac);
        return new Allocation(vifId, vifUuid, r.instance(), mac, address, network);
    }

    private String claim(String where) {
        return dialect.returning("UPDATE fixed_ips SET allocated = TRUE, leased = FALSE, lease_expires = NULL, released_at = NULL, "
                + "vif_id = ?, instance_id = ?, mac = ?, change_seq = " + dialect.stamp() + " WHERE " + where, "address");
    }

    private Ipv4Address claimFree(Connection c, Network n, AllocationRequest r, long vifId, MacAddress mac) throws SQLException {
        // The ownership test inside the pick closes the race with a concurrent disassociate/delete.
        String pick = "SELECT f.id FROM " + dialect.pickFrom("fixed_ips f", "ix_fixed_ips_pick") + " WHERE f.network_id = ? AND "
                + FREE + " AND EXISTS (SELECT 1 FROM networks n WHERE n.id = f.network_id AND n.project_id = ?)"
                + dialect.pickOrder("f.address") + " LIMIT 1 FOR UPDATE SKIP LOCKED";
        Optional<Long> claimed;
        if (dialect.locksInSubqueries()) {
            claimed = Jdbc.first(c, claim("id = (" + pick + ") AND allocated = FALSE"), rs -> rs.getLong(1),
                    vifId, r.instance().value(), mac.bits(), n.id(), r.staleBefore(), r.project().value());
        } else {
            Optional<Long> id = Jdbc.first(c, pick, rs -> rs.getLong(1), n.id(), r.staleBefore(), r.project().value());
            claimed = id.isEmpty() ? id : Jdbc.first(c, claim("id = ?"), rs -> rs.getLong(1),
                    vifId, r.instance().value(), mac.bits(), id.get());
        }
        if (claimed.isEmpty()) {
            stillOwned(c, n, r.project());
            throw new ExhaustedException("address: no free address in network '" + n.label() + "' (" + n.cidr() + ")",
                    Map.of("field", "address", "rule", "free-address", "network", n.label().value()));
        }
        return Rows.address(claimed.get());
    }

    private Ipv4Address claimRequested(Connection c, Network n, AllocationRequest r, long vifId, MacAddress mac) throws SQLException {
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
        Jdbc.first(c, claim("address = ?"), rs -> rs.getLong(1), vifId, r.instance().value(), mac.bits(), Rows.value(wanted));
        return wanted;
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
            List<Long> held = Jdbc.list(c, "SELECT address FROM fixed_ips WHERE instance_id = ? AND allocated = TRUE ORDER BY address FOR UPDATE",
                    rs -> rs.getLong(1), instance.value());
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
            sql.append(" AND network_id = ?");
            params.add(id);
        });
        f.project().ifPresent(p -> {
            sql.append(" AND network_id = (SELECT id FROM networks WHERE project_id = ?)");
            params.add(p.value());
        });
        f.instance().ifPresent(i -> {
            sql.append(" AND instance_id = ?");
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
