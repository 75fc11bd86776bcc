package io.xenvlan.store;

import static io.xenvlan.store.FloatingRows.POOL_COLUMNS;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.floating.PoolUsage;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InterfaceName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Floating pools: creation under the lock network creation holds (so a pool and a network never
 * overlap, whichever comes first), listing with usage, deletion while no project holds an address.
 */
final class FloatingPoolStatements {
    private static final String USAGE = "SELECT " + POOL_COLUMNS + ", (SELECT COUNT(*) FROM floating_ips f WHERE f.pool_id = p.id) AS held,"
            + " (SELECT COUNT(*) FROM floating_ips f WHERE f.pool_id = p.id AND f.fixed_address IS NOT NULL) AS associated"
            + " FROM floating_pools p";

    private final Transactions tx;
    private final Clock clock;

    FloatingPoolStatements(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    PoolUsage create(FloatingPool pool) {
        return tx.unstamped(c -> {
            Jdbc.first(c, "SELECT name FROM store_locks WHERE name = 'network-create' FOR UPDATE", rs -> 1);
            if (Jdbc.first(c, "SELECT id FROM floating_pools WHERE name = ?", rs -> 1, pool.name().value()).isPresent()) {
                throw new ConflictException("pool: a floating pool named " + pool.name() + " exists",
                        Map.of("field", "pool", "rule", "unique", "pool", pool.name().value()));
            }
            refuseOverlap(c, pool.range(), "range");
            Jdbc.update(c, "INSERT INTO floating_pools (name, cidr, first_address, last_address, interface, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", pool.name().value(), pool.range().toString(), Rows.value(pool.range().network()),
                    Rows.value(pool.range().broadcast()), pool.iface().map(InterfaceName::value).orElse(null), clock.instant());
            FloatingRows.bump(c);
            return new PoolUsage(pool, 0, 0);
        });
    }

    /**
     * Refuses a range that overlaps a network or a floating pool, naming {@code field}; the caller
     * holds the network-creation lock (networks are checked against pools the same way).
     */
    static void refuseOverlap(Connection c, Cidr range, String field) throws SQLException {
        long first = Rows.value(range.network());
        long last = Rows.value(range.broadcast());
        Optional<String> network = Jdbc.first(c, "SELECT label || ' (' || cidr || ')' FROM networks"
                + " WHERE first_address <= ? AND last_address >= ?", rs -> rs.getString(1), last, first);
        if (network.isPresent()) {
            throw new ConflictException(field + ": " + range + " overlaps network " + network.get(),
                    Map.of("field", field, "rule", "no-overlap", "cidr", range.toString()));
        }
        Optional<String> pool = Jdbc.first(c, "SELECT name || ' (' || cidr || ')' FROM floating_pools"
                + " WHERE first_address <= ? AND last_address >= ?", rs -> rs.getString(1), last, first);
        if (pool.isPresent()) {
            throw new ConflictException(field + ": " + range + " overlaps floating pool " + pool.get(),
                    Map.of("field", field, "rule", "no-overlap", "cidr", range.toString()));
        }
    }

    List<PoolUsage> all() {
        return tx.unstamped(c -> Jdbc.list(c, USAGE + " ORDER BY p.name", rs -> new PoolUsage(FloatingRows.pool(rs),
                rs.getLong("held"), rs.getLong("associated"))));
    }

    /** The pools to allocate from: the named one, or every pool by name. */
    static List<PoolRow> candidates(Connection c, Optional<FloatingPoolName> name) throws SQLException {
        if (name.isPresent()) {
            return List.of(Jdbc.first(c, "SELECT " + POOL_COLUMNS + " FROM floating_pools p WHERE p.name = ?", PoolRow::of,
                    name.get().value()).orElseThrow(() -> new NotFoundException("pool", name.get().value())));
        }
        return Jdbc.list(c, "SELECT " + POOL_COLUMNS + " FROM floating_pools p ORDER BY p.name", PoolRow::of);
    }

    FloatingPool delete(FloatingPoolName name) {
        return tx.unstamped(c -> {
            PoolRow row = Jdbc.first(c, "SELECT " + POOL_COLUMNS + " FROM floating_pools p WHERE p.name = ? FOR UPDATE", PoolRow::of,
                    name.value()).orElseThrow(() -> new NotFoundException("pool", name.value()));
            long held = Jdbc.first(c, "SELECT COUNT(*) FROM floating_ips WHERE pool_id = ?", rs -> rs.getLong(1), row.id()).orElse(0L);
            if (held > 0) {
                throw new ConflictException("pool: cannot delete " + name + " while projects hold " + held
                        + " of its addresses (release them first)",
                        Map.of("field", "pool", "rule", "no-allocations", "pool", name.value(), "allocated", held));
            }
            Jdbc.update(c, "DELETE FROM floating_pools WHERE id = ?", row.id());
            FloatingRows.bump(c);
            return row.pool();
        });
    }

    /** A pool with its store id. */
    record PoolRow(long id, FloatingPool pool) {
        static PoolRow of(java.sql.ResultSet rs) throws SQLException {
            return new PoolRow(rs.getLong("id"), FloatingRows.pool(rs));
        }
    }
}
