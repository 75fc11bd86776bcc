package io.xenvlan.store;

import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.store.FloatingPoolStatements.PoolRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Inserts the lowest free address of a pool for a project. The free ones are read as the pool's
 * taken addresses (one primary-key range scan); a racing transaction that took the same address
 * makes the INSERT insert nothing (PostgreSQL, {@code ON CONFLICT DO NOTHING}) or fail that
 * statement only (H2), and the next free address is tried.
 */
final class FloatingAddressPicker {
    /** Lost races tolerated in one attempt before the transaction is retried from a fresh read. */
    private static final int MAX_LOSSES = 64;

    private final Dialect dialect;
    private final Clock clock;

    FloatingAddressPicker(Dialect dialect, Clock clock) {
        this.dialect = dialect;
        this.clock = clock;
    }

    Optional<Ipv4Address> insertFree(Connection c, PoolRow row, ProjectId project, boolean auto) throws SQLException {
        FloatingPool pool = row.pool();
        long first = pool.firstUsable().unsigned();
        long last = pool.lastUsable().unsigned();
        BitSet taken = new BitSet((int) (last - first + 1));
        List<Long> held = Jdbc.list(c, "SELECT address FROM floating_ips WHERE address BETWEEN ? AND ?", rs -> rs.getLong(1), first, last);
        held.forEach(a -> taken.set((int) (a - first)));
        String insert = "INSERT INTO floating_ips (address, pool_id, project_id, auto_assigned, allocated_at) VALUES (?, ?, ?, ?, ?)"
                + (dialect.skipsAddressConflicts() ? " ON CONFLICT (address) DO NOTHING" : "");
        int losses = 0;
        for (int i = taken.nextClearBit(0); first + i <= last; i = taken.nextClearBit(i + 1)) {
            if (tryInsert(c, insert, first + i, row.id(), project, auto)) {
                return Optional.of(Rows.address(first + i));
            }
            if (++losses >= MAX_LOSSES) {
                throw new SQLTransientException("floating addresses of pool " + pool.name() + " are being taken", "40001");
            }
        }
        return Optional.empty();
    }

    private boolean tryInsert(Connection c, String sql, long address, long poolId, ProjectId project, boolean auto) throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, sql, address, poolId, project.value(), auto, clock.instant())) {
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (SqlErrors.uniqueViolation(e, "")) {
                return false; // H2: a racing transaction holds the address; only this statement failed
            }
            if (isMissingParent(e)) {
                throw new SQLTransientException("floating pool " + poolId + " was deleted meanwhile", "40001", e);
            }
            throw e;
        }
    }

    private static boolean isMissingParent(SQLException e) {
        return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
    }
}
