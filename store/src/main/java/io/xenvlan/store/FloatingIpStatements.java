package io.xenvlan.store;

import static io.xenvlan.store.FloatingRows.IP_COLUMNS;
import static io.xenvlan.store.FloatingRows.IP_FROM;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.ForbiddenException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.FloatingFilter;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.store.FloatingPoolStatements.PoolRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Floating IPs: allocation (one row per address held; its primary key settles racing allocations,
 * the project's lock row keeps its count within the quota), association (the floating IP's row and
 * the fixed address's row locked, so a racing release or association waits), release.
 */
final class FloatingIpStatements {
    private final Transactions tx;
    private final Clock clock;
    private final FloatingAddressPicker picker;

    FloatingIpStatements(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
        this.picker = new FloatingAddressPicker(tx.dialect(), clock);
    }

    FloatingIp allocate(ProjectId project, Optional<FloatingPoolName> pool, int quota) {
        return tx.unstamped(c -> {
            Ipv4Address address = take(c, project, pool, quota, false);
            FloatingRows.bump(c);
            return find(c, address).orElseThrow();
        });
    }

    FloatingIp allocateAssociated(ProjectId project, Ipv4Address fixed, int quota) {
        return tx.unstamped(c -> {
            FixedTarget target = FixedTarget.lock(c, fixed);
            target.requireProject(project, fixed);
            refuseSecond(c, fixed, Optional.empty());
            Ipv4Address address = take(c, project, Optional.empty(), quota, true);
            point(c, address, target);
            FloatingRows.bump(c);
            return find(c, address).orElseThrow();
        });
    }

    /** Takes a free address for the project within its quota (the caller bumps the version). */
    private Ipv4Address take(Connection c, ProjectId project, Optional<FloatingPoolName> poolName, int quota, boolean auto)
            throws SQLException {
        List<PoolRow> pools = FloatingPoolStatements.candidates(c, poolName);
        if (pools.isEmpty()) {
            throw new ExhaustedException("pool: no floating pool exists (an admin creates one with floating create)",
                    Map.of("field", "pool", "rule", "exists"));
        }
        lockQuota(c, project);
        long held = Jdbc.first(c, "SELECT COUNT(*) FROM floating_ips WHERE project_id = ?", rs -> rs.getLong(1), project.value())
                .orElse(0L);
        if (held >= quota) {
            throw new ExhaustedException("quota.floating-ips: project " + project + " holds " + held + " floating IPs, its quota is "
                    + quota + " (release one first)", Map.of("field", "quota.floating-ips", "rule", "quota", "project", project.value(),
                    "quota", quota));
        }
        for (PoolRow pool : pools) {
            Optional<Ipv4Address> got = picker.insertFree(c, pool, project, auto);
            if (got.isPresent()) {
                return got.get();
            }
        }
        String where = poolName.map(p -> "in pool " + p).orElse("in any pool");
        throw new ExhaustedException("pool: no free floating IP " + where,
                Map.of("field", "pool", "rule", "free-address", "pool", poolName.map(FloatingPoolName::value).orElse("")));
    }

    /** Allocations of one project queue on its lock row (made on its first allocation; a racing insert retries). */
    private static void lockQuota(Connection c, ProjectId project) throws SQLException {
        Jdbc.update(c, "INSERT INTO floating_quota_locks (project_id) SELECT ? FROM (VALUES (0)) AS one (x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM floating_quota_locks WHERE project_id = ?)", project.value(), project.value());
        Jdbc.first(c, "SELECT project_id FROM floating_quota_locks WHERE project_id = ? FOR UPDATE", rs -> 1, project.value());
    }

    Optional<FloatingIp> find(Ipv4Address address) {
        return tx.unstamped(c -> find(c, address));
    }

    private static Optional<FloatingIp> find(Connection c, Ipv4Address address) throws SQLException {
        return Jdbc.first(c, "SELECT " + IP_COLUMNS + IP_FROM + " WHERE f.address = ?", FloatingRows::floatingIp, Rows.value(address));
    }

    List<FloatingIp> list(FloatingFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + IP_COLUMNS + IP_FROM + " WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        filter.pool().ifPresent(p -> {
            sql.append(" AND p.name = ?");
            params.add(p.value());
        });
        filter.project().ifPresent(p -> {
            sql.append(" AND f.project_id = ?");
            params.add(p.value());
        });
        sql.append(" ORDER BY f.address");
        return tx.unstamped(c -> Jdbc.list(c, sql.toString(), FloatingRows::floatingIp, params.toArray()));
    }

    Associated associate(Ipv4Address fip, Ipv4Address fixed) {
        return tx.unstamped(c -> {
            FloatingIp ip = lock(c, fip);
            FixedTarget target = FixedTarget.lock(c, fixed);
            target.requireProject(ip.project(), fixed);
            Optional<Ipv4Address> before = ip.association().map(a -> a.fixedAddress());
            if (before.equals(Optional.of(fixed))) {
                return new Associated(ip, Optional.empty());
            }
            refuseSecond(c, fixed, Optional.of(fip));
            point(c, fip, target);
            FloatingRows.bump(c);
            return new Associated(find(c, fip).orElseThrow(), before);
        });
    }

    /** A fixed address has one floating IP at most: another one there is a conflict. */
    private static void refuseSecond(Connection c, Ipv4Address fixed, Optional<Ipv4Address> moving) throws SQLException {
        Optional<Long> other = Jdbc.first(c, "SELECT address FROM floating_ips WHERE fixed_address = ?", rs -> rs.getLong(1),
                Rows.value(fixed));
        if (other.isPresent() && !other.map(Rows::address).equals(moving)) {
            throw new ConflictException("fixed_address: " + fixed + " already has floating IP " + Rows.address(other.get())
                    + " (disassociate it first)", Map.of("field", "fixed_address", "rule", "one-floating-ip",
                    "floating_ip", Rows.address(other.get()).toString()));
        }
    }

    private void point(Connection c, Ipv4Address fip, FixedTarget target) throws SQLException {
        Jdbc.update(c, "UPDATE floating_ips SET fixed_address = ?, network_id = ?, instance_id = ?, associated_at = ? WHERE address = ?",
                Rows.value(target.address()), target.networkId(), target.instance().orElse(null), clock.instant(), Rows.value(fip));
    }

    FloatingIp disassociate(Ipv4Address fip) {
        return tx.unstamped(c -> {
            FloatingIp ip = lock(c, fip);
            if (ip.association().isEmpty()) {
                throw new ConflictException("address: floating IP " + fip + " is not associated",
                        Map.of("field", "address", "rule", "associated", "address", fip.toString()));
            }
            clear(c, "address", Rows.value(fip));
            FloatingRows.bump(c);
            return find(c, fip).orElseThrow();
        });
    }

    FloatingIp release(Ipv4Address fip) {
        return tx.unstamped(c -> {
            FloatingIp ip = lock(c, fip);
            Jdbc.update(c, "DELETE FROM floating_ips WHERE address = ?", Rows.value(fip));
            FloatingRows.bump(c);
            return ip;
        });
    }

    private static FloatingIp lock(Connection c, Ipv4Address fip) throws SQLException {
        Optional<Long> row = Jdbc.first(c, "SELECT address FROM floating_ips WHERE address = ? FOR UPDATE", rs -> rs.getLong(1),
                Rows.value(fip));
        if (row.isEmpty()) {
            throw new NotFoundException("floating-ip", fip.toString());
        }
        return find(c, fip).orElseThrow();
    }

    private static void clear(Connection c, String column, long value) throws SQLException {
        Jdbc.update(c, "UPDATE floating_ips SET fixed_address = NULL, network_id = NULL, instance_id = NULL, associated_at = NULL"
                + " WHERE " + column + " = ?", value);
    }

    /**
     * What releasing a fixed address does to floating IPs, inside the releasing transaction: an
     * auto-assigned one goes back to its pool, any other is disassociated (and stays the project's).
     */
    static void fixedReleased(Connection c, long fixedAddress) throws SQLException {
        int released = Jdbc.update(c, "DELETE FROM floating_ips WHERE fixed_address = ? AND auto_assigned = TRUE", fixedAddress);
        int cleared = Jdbc.update(c, "UPDATE floating_ips SET fixed_address = NULL, network_id = NULL, instance_id = NULL,"
                + " associated_at = NULL WHERE fixed_address = ?", fixedAddress);
        if (released + cleared > 0) {
            FloatingRows.bump(c);
        }
    }

    /** The fixed address an association points at, locked: a racing release waits for the association and then undoes it. */
    record FixedTarget(Ipv4Address address, long networkId, Optional<String> instance, Optional<String> owner) {
        static FixedTarget lock(Connection c, Ipv4Address fixed) throws SQLException {
            long value = Rows.value(fixed);
            Optional<FixedTarget> row = Jdbc.first(c, "SELECT network_id, instance_id FROM fixed_ips WHERE address = ? AND allocated = TRUE"
                    + " AND reserved = FALSE FOR UPDATE", rs -> new FixedTarget(fixed, rs.getLong(1), Optional.ofNullable(rs.getString(2)),
                    Optional.empty()), value);
            if (row.isEmpty()) {
                if (Jdbc.first(c, "SELECT id FROM networks WHERE first_address <= ? AND last_address >= ?", rs -> 1, value, value).isEmpty()) {
                    throw new NotFoundException("fixed-address", fixed.toString());
                }
                throw new ConflictException("fixed_address: " + fixed + " is not allocated to a VM",
                        Map.of("field", "fixed_address", "rule", "allocated", "address", fixed.toString()));
            }
            Optional<String> owner = Jdbc.first(c, "SELECT project_id FROM network_owners WHERE id = ?", rs -> rs.getString(1),
                    row.get().networkId());
            return new FixedTarget(fixed, row.get().networkId(), row.get().instance(), owner);
        }

        /** Floating IPs associate within their project only (whoever asks). */
        void requireProject(ProjectId project, Ipv4Address fixed) {
            if (!owner.equals(Optional.of(project.value()))) {
                throw new ForbiddenException("fixed_address: " + fixed + " is not on a network of project " + project
                        + "; a floating IP associates only with its own project's VMs");
            }
        }
    }
}
